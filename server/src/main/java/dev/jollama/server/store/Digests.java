package dev.jollama.server.store;

import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Blob digests. Every digest that comes from outside (a request, a manifest on disk, a registry) goes through
 * {@link #normalize} before it names a file, so no input can reach a path outside the blobs directory.
 */
public final class Digests {
    private Digests() {}

    private static final Pattern DIGEST = Pattern.compile("^sha256[:-][0-9a-f]{64}$");

    public static boolean isValid(String digest) {
        return digest != null && DIGEST.matcher(digest).matches();
    }

    /** "sha256:<hex>" for a valid digest in either form; otherwise {@link InvalidDigestException}. */
    public static String normalize(String digest) {
        if (!isValid(digest)) throw new InvalidDigestException();
        return "sha256:" + digest.substring(7);
    }

    /** The blob file name, "sha256-<hex>". */
    public static String fileName(String digest) {
        return "sha256-" + normalize(digest).substring(7);
    }

    /** The digest a blob file name stands for, or null when the name is not one (temp files, partial downloads). */
    public static String fromFileName(String name) {
        return name.startsWith("sha256-") && isValid(name) ? "sha256:" + name.substring(7) : null;
    }

    public static String of(byte[] sha256) {
        return "sha256:" + HexFormat.of().formatHex(sha256);
    }

    /** The 64 hex digits. */
    public static String hex(String digest) {
        return normalize(digest).substring(7);
    }

    /** Ollama's error text for a malformed digest. */
    public static final class InvalidDigestException extends IllegalArgumentException {
        public InvalidDigestException() {
            super("invalid digest format");
        }
    }
}
