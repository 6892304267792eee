package dev.jollama.api.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads newline-delimited lines (a trailing {@code \r} dropped) of at most 8 MB, as Ollama's client scans streams. */
final class NdjsonReader {
    /** Ollama's client buffer: 8 MB (decimal megabytes, as its {@code format.MegaByte}). */
    static final int MAX_LINE = 8 * 1000 * 1000;

    private final InputStream in;
    private final byte[] chunk = new byte[8192];
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private int pos;
    private int end;

    NdjsonReader(InputStream in) {
        this.in = in;
    }

    /** The next line, or null at the end of the stream. */
    String next() throws IOException {
        line.reset();
        while (true) {
            if (pos == end) {
                end = in.read(chunk);
                pos = 0;
                if (end <= 0) {
                    end = 0;
                    return line.size() > 0 ? text() : null;
                }
            }
            int start = pos;
            while (pos < end && chunk[pos] != '\n') pos++;
            if (line.size() + (pos - start) >= MAX_LINE) throw new IOException("bufio.Scanner: token too long");
            line.write(chunk, start, pos - start);
            if (pos < end) {
                pos++;
                return text();
            }
        }
    }

    private String text() {
        byte[] b = line.toByteArray();
        int n = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }
}
