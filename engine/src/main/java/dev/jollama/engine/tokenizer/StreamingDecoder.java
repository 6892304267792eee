package dev.jollama.engine.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns generated tokens into text as they come, holding back the bytes of a UTF-8 character that the next token will
 * complete (an emoji or CJK character often spans several byte tokens), so every piece handed out is whole text.
 * Each token contributes its piece ({@link Vocabulary#bytes}); control tokens contribute nothing unless
 * {@code renderSpecial}. Not thread-safe: one per generation.
 */
public final class StreamingDecoder {
    private final Vocabulary vocab;
    private final boolean renderSpecial;
    private byte[] pending = new byte[16];
    private int length;

    public StreamingDecoder(Vocabulary vocab, boolean renderSpecial) {
        this.vocab = vocab;
        this.renderSpecial = renderSpecial;
    }

    /** Adds a token; returns the text that is complete now (possibly empty). */
    public String push(int id) {
        if (!renderSpecial && vocab.isControl(id)) return "";
        byte[] piece = vocab.bytes(id);
        if (length + piece.length > pending.length) pending = Arrays.copyOf(pending, Math.max(pending.length * 2, length + piece.length));
        System.arraycopy(piece, 0, pending, length, piece.length);
        length += piece.length;
        int complete = completeLength(pending, length);
        String text = new String(pending, 0, complete, StandardCharsets.UTF_8);
        System.arraycopy(pending, complete, pending, 0, length - complete);
        length -= complete;
        return text;
    }

    /** Whatever is held back, with an incomplete character replaced by U+FFFD; the decoder is empty afterwards. */
    public String flush() {
        String text = new String(pending, 0, length, StandardCharsets.UTF_8);
        length = 0;
        return text;
    }

    /** Bytes held back, waiting for the rest of a character. */
    public int pendingBytes() {
        return length;
    }

    /**
     * The length of the prefix of {@code b[0, n)} that does not end inside a character: when the tail is a valid start
     * of a multi-byte sequence that is still short of bytes, it is left out; anything else (invalid bytes included) is
     * complete, to be shown with replacement characters.
     */
    static int completeLength(byte[] b, int n) {
        for (int back = 1; back <= Math.min(3, n); back++) {
            int lead = b[n - back] & 0xFF;
            if ((lead & 0xC0) == 0x80) continue; // continuation byte: keep looking for the lead
            int needed = lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3 : lead >= 0xF0 && lead <= 0xF4 ? 4 : 1;
            return needed > back && validPrefix(b, n - back, n) ? n - back : n;
        }
        return n;
    }

    /** Whether {@code b[from, to)} can begin a well-formed sequence (second-byte ranges as in Unicode's table 3-7). */
    private static boolean validPrefix(byte[] b, int from, int to) {
        if (to - from < 2) return true;
        int lead = b[from] & 0xFF, second = b[from + 1] & 0xFF;
        boolean secondOk = switch (lead) {
            case 0xE0 -> second >= 0xA0 && second <= 0xBF;
            case 0xED -> second >= 0x80 && second <= 0x9F;
            case 0xF0 -> second >= 0x90 && second <= 0xBF;
            case 0xF4 -> second >= 0x80 && second <= 0x8F;
            default -> (second & 0xC0) == 0x80;
        };
        return secondOk && (to - from < 3 || (b[from + 2] & 0xC0) == 0x80);
    }
}
