package dev.jollama.engine.tokenizer;

/**
 * GPT-2's reversible byte-to-character mapping: byte-level BPE vocabularies store every byte as a printable character
 * (printable Latin-1 bytes as themselves, the rest as U+0100 onwards, so a space is "Ġ" and a newline "Ċ").
 */
public final class ByteLevel {
    private static final int[] BYTE_TO_CHAR = new int[256];
    private static final int[] CHAR_TO_BYTE = new int[512];

    static {
        java.util.Arrays.fill(CHAR_TO_BYTE, -1);
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            BYTE_TO_CHAR[b] = printable ? b : next++;
            CHAR_TO_BYTE[BYTE_TO_CHAR[b]] = b;
        }
    }

    private ByteLevel() {}

    /** The character that stands for byte {@code b} (0-255). */
    public static int charOf(int b) {
        return BYTE_TO_CHAR[b & 0xFF];
    }

    /** The byte a character stands for, or -1 when it stands for none. */
    public static int byteOf(int cp) {
        return cp >= 0 && cp < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[cp] : -1;
    }

    /** The raw bytes a byte-level token text stands for, or null when some character stands for no byte. */
    public static byte[] decode(String text) {
        byte[] out = new byte[text.length()];
        for (int i = 0; i < out.length; i++) {
            int b = byteOf(text.charAt(i)); // every mapped character is in the BMP; a surrogate maps to no byte
            if (b < 0) return null;
            out[i] = (byte) b;
        }
        return out;
    }
}
