package dev.jollama.cli.term;

import org.jline.utils.WCWidth;

/** Display width of text in terminal columns (East Asian wide characters count two, combining marks zero). */
public final class Width {
    private Width() {}

    public static int of(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            w += of(cp);
            i += Character.charCount(cp);
        }
        return w;
    }

    public static int of(int cp) {
        return Math.max(0, WCWidth.wcwidth(cp));
    }
}
