package dev.jollama.server.store;

/** Errors of the model store, each with the text Ollama answers. */
public final class StoreErrors {
    private StoreErrors() {}

    /** No manifest for this name. */
    public static final class ModelNotFoundException extends RuntimeException {
        public ModelNotFoundException(ModelName name) {
            super("model '" + name.displayShortest() + "' not found");
        }
    }

    /** An uploaded blob whose content does not hash to the digest it was sent under; nothing was kept. */
    public static final class DigestMismatchException extends RuntimeException {
        private final String actual;

        public DigestMismatchException(String expected, String actual) {
            super("digest mismatch, expected \"" + expected + "\", got \"" + actual + "\"");
            this.actual = actual;
        }

        /** What the content hashed to, "sha256:<hex>". */
        public String actual() {
            return actual;
        }
    }

    /** A manifest that cannot be parsed or references malformed digests. */
    public static final class CorruptManifestException extends RuntimeException {
        public CorruptManifestException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A blob a new manifest needs disappeared (deleted by another server) before the manifest was written. */
    public static final class MissingBlobException extends RuntimeException {
        public MissingBlobException(String digest) {
            super("blob " + digest + " is missing from the store (removed while the model was being written?); try again");
        }
    }
}
