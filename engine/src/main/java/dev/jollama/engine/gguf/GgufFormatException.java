package dev.jollama.engine.gguf;

import java.io.IOException;

/** A file that is not a well-formed GGUF file: bad magic, unsupported version, truncated or inconsistent content. */
public class GgufFormatException extends IOException {
    public GgufFormatException(String message) {
        super(message);
    }
}
