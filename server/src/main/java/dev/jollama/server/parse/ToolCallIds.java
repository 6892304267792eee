package dev.jollama.server.parse;

import java.util.concurrent.ThreadLocalRandom;

/** Tool-call ids as Ollama makes them: {@code call_} and 8 random characters of [a-z0-9]. */
public final class ToolCallIds {

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private ToolCallIds() {
    }

    public static String next() {
        StringBuilder sb = new StringBuilder("call_");
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 8; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
