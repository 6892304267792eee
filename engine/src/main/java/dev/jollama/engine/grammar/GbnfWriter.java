package dev.jollama.engine.grammar;

import java.util.Map;

/** Prints a {@link Grammar} as GBNF text. */
final class GbnfWriter {
    private GbnfWriter() {}

    static String write(Grammar g) {
        StringBuilder sb = new StringBuilder();
        rule(sb, g.root(), g.rules().get(g.root()));
        for (Map.Entry<String, Expr> e : g.rules().entrySet()) {
            if (!e.getKey().equals(g.root())) rule(sb, e.getKey(), e.getValue());
        }
        return sb.toString();
    }

    private static void rule(StringBuilder sb, String name, Expr body) {
        sb.append(name).append(" ::= ");
        expr(sb, body, 0);
        sb.append('\n');
    }

    /** Precedence: 0 alternation, 1 sequence, 2 postfix operand. */
    private static void expr(StringBuilder sb, Expr e, int prec) {
        switch (e) {
            case Expr.Alt a -> {
                if (prec > 0) sb.append("( ");
                for (int i = 0; i < a.options().size(); i++) {
                    if (i > 0) sb.append(" | ");
                    expr(sb, a.options().get(i), 1);
                }
                if (prec > 0) sb.append(" )");
            }
            case Expr.Seq s -> {
                if (s.items().isEmpty()) { sb.append("\"\""); return; }
                if (prec > 1 && s.items().size() > 1) sb.append("( ");
                for (int i = 0; i < s.items().size(); i++) {
                    if (i > 0) sb.append(' ');
                    expr(sb, s.items().get(i), 2);
                }
                if (prec > 1 && s.items().size() > 1) sb.append(" )");
            }
            case Expr.Repeat r -> {
                expr(sb, r.item(), 3);
                if (r.min() == 0 && r.max() == 1) sb.append('?');
                else if (r.min() == 0 && r.max() == Expr.Repeat.UNBOUNDED) sb.append('*');
                else if (r.min() == 1 && r.max() == Expr.Repeat.UNBOUNDED) sb.append('+');
                else if (r.max() == Expr.Repeat.UNBOUNDED) sb.append('{').append(r.min()).append(",}");
                else if (r.min() == r.max()) sb.append('{').append(r.min()).append('}');
                else sb.append('{').append(r.min()).append(',').append(r.max()).append('}');
            }
            case Expr.Literal l -> {
                sb.append('"');
                l.text().codePoints().forEach(c -> escaped(sb, c, "\"\\"));
                sb.append('"');
            }
            case Expr.CharClass c -> {
                sb.append('[');
                int[] r = c.ranges();
                for (int i = 0; i < r.length; i += 2) {
                    escaped(sb, r[i], "]\\^-[");
                    if (r[i + 1] != r[i]) {
                        if (r[i + 1] > r[i] + 1) sb.append('-');
                        escaped(sb, r[i + 1], "]\\^-[");
                    }
                }
                sb.append(']');
            }
            case Expr.Ref ref -> sb.append(ref.rule());
        }
    }

    private static void escaped(StringBuilder sb, int c, String special) {
        if (c == '\n') sb.append("\\n");
        else if (c == '\r') sb.append("\\r");
        else if (c == '\t') sb.append("\\t");
        else if (special.indexOf(c) >= 0) sb.append('\\').append((char) c);
        else if (c < 0x20 || c == 0x7F) sb.append(String.format("\\x%02X", c));
        else if (c > 0xFFFF || Character.isISOControl(c) || !Character.isDefined(c)) sb.append(String.format("\\U%08X", c));
        else sb.appendCodePoint(c);
    }
}
