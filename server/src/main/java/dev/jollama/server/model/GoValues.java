package dev.jollama.server.model;

import dev.jollama.server.template.gotmpl.GoFormat;

/**
 * Go's fmt verbs on JSON-decoded parameter values (numbers are float64 there): {@code %v} for Modelfile arguments,
 * {@code %#v} for /api/show's parameters text ("0.7", "4096", "1e-05", quoted strings).
 */
public final class GoValues {
    private GoValues() {}

    /** %v. */
    public static String plain(Object v) {
        return v instanceof Number n ? formatG(n.doubleValue()) : GoFormat.print(v);
    }

    /** %#v of a string, number or bool. */
    public static String goSyntax(Object v) {
        if (v instanceof String s) return GoFormat.quote(s);
        return plain(v);
    }

    /** strconv.FormatFloat(v, 'g', -1, 64). */
    public static String formatG(double v) {
        return GoFormat.formatFloat(v, 'g', -1);
    }
}
