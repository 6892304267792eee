package dev.jollama.server.compat;

import java.util.concurrent.ThreadLocalRandom;

/** Random ids of answers and items ({@code chatcmpl-...}, {@code msg_...}); Ollama's short numeric ones repeat, these do not in practice. */
public final class Ids {
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private Ids() {}

    /** {@code prefix} followed by 24 random letters and digits. */
    public static String random(String prefix) {
        StringBuilder sb = new StringBuilder(prefix);
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int i = 0; i < 24; i++) sb.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
        return sb.toString();
    }
}
