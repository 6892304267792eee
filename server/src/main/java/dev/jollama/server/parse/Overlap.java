package dev.jollama.server.parse;

/** Partial-tag arithmetic shared by the streaming parsers. */
final class Overlap {

    private Overlap() {
    }

    /** Length of the longest suffix of {@code s} that is a proper prefix of {@code tag} (0 when none). */
    static int suffixPrefix(String s, String tag) {
        for (int n = Math.min(tag.length(), s.length()); n > 0; n--) {
            if (s.regionMatches(s.length() - n, tag, 0, n)) {
                return n;
            }
        }
        return 0;
    }

    /** {@code s} without leading whitespace (Go's TrimLeftFunc with unicode.IsSpace). */
    static String stripLeading(String s) {
        int i = 0;
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        return s.substring(i);
    }

    static boolean isSpace(char c) {
        return Character.isWhitespace(c) || c == '\u0085' || c == '\u00a0';
    }
}
