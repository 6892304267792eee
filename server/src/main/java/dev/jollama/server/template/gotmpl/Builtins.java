package dev.jollama.server.template.gotmpl;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The functions every Go template has. {@code and} and {@code or} are evaluated lazily by the executor. */
final class Builtins {

    private Builtins() {
    }

    static final Map<String, GoValue.Function> FUNCTIONS = build();

    private static Map<String, GoValue.Function> build() {
        Map<String, GoValue.Function> f = new HashMap<>();
        f.put("and", args -> {
            throw new IllegalStateException("and is evaluated by the executor");
        });
        f.put("or", f.get("and"));
        f.put("not", args -> !GoValue.truth(one(args, "not")));
        f.put("eq", args -> {
            need(args, 1, "eq");
            if (args.size() == 1) {
                throw new GoTemplateException("missing argument for comparison");
            }
            for (Object b : args.subList(1, args.size())) {
                if (GoValue.eq(args.getFirst(), b)) {
                    return true;
                }
            }
            return false;
        });
        f.put("ne", args -> !GoValue.eq(two(args, "ne")[0], args.get(1)));
        f.put("lt", args -> GoValue.compare(two(args, "lt")[0], args.get(1)) < 0);
        f.put("le", args -> GoValue.compare(two(args, "le")[0], args.get(1)) <= 0);
        f.put("gt", args -> GoValue.compare(two(args, "gt")[0], args.get(1)) > 0);
        f.put("ge", args -> GoValue.compare(two(args, "ge")[0], args.get(1)) >= 0);
        f.put("len", args -> GoValue.length(one(args, "len")));
        f.put("index", args -> {
            need(args, 1, "index");
            return GoValue.index(args.getFirst(), args.subList(1, args.size()));
        });
        f.put("slice", args -> {
            need(args, 1, "slice");
            return GoValue.slice(args.getFirst(), args.subList(1, args.size()));
        });
        f.put("print", GoPrintf::sprint);
        f.put("println", GoPrintf::sprintln);
        f.put("printf", args -> {
            need(args, 1, "printf");
            if (!(args.getFirst() instanceof String format)) {
                throw new GoTemplateException("wrong type for value; expected string; got " + GoValue.typeName(args.getFirst()));
            }
            return GoPrintf.sprintf(format, args.subList(1, args.size()));
        });
        f.put("html", args -> html(text(args)));
        f.put("js", args -> js(text(args)));
        f.put("urlquery", args -> URLEncoder.encode(text(args), StandardCharsets.UTF_8));
        f.put("call", args -> {
            need(args, 1, "call");
            if (!(args.getFirst() instanceof GoValue.Function fn)) {
                throw new GoTemplateException("non-function of type " + GoValue.typeName(args.getFirst()));
            }
            return fn.call(args.subList(1, args.size()));
        });
        return Map.copyOf(f);
    }

    private static Object one(List<Object> args, String name) {
        if (args.size() != 1) {
            throw new GoTemplateException("wrong number of args for " + name + ": want 1 got " + args.size());
        }
        return args.getFirst();
    }

    private static Object[] two(List<Object> args, String name) {
        if (args.size() != 2) {
            throw new GoTemplateException("wrong number of args for " + name + ": want 2 got " + args.size());
        }
        return args.toArray();
    }

    private static void need(List<Object> args, int n, String name) {
        if (args.size() < n) {
            throw new GoTemplateException("wrong number of args for " + name + ": want at least " + n + " got " + args.size());
        }
    }

    /** The escapers' argument handling: one string as is, anything else through fmt.Sprint. */
    private static String text(List<Object> args) {
        if (args.size() == 1 && args.getFirst() instanceof String s) {
            return s;
        }
        return GoPrintf.sprint(args);
    }

    static String html(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("&#34;");
                case '\'' -> sb.append("&#39;");
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case 0 -> sb.append('\uFFFD');
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    static String js(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\'' -> sb.append("\\'");
                case '"' -> sb.append("\\\"");
                case '<' -> sb.append("\\u003C");
                case '>' -> sb.append("\\u003E");
                case '&' -> sb.append("\\u0026");
                case '=' -> sb.append("\\u003D");
                default -> {
                    if (c < ' ' || (c >= 0x7f && !Character.isLetterOrDigit(c) && Character.isISOControl(c))) {
                        sb.append(String.format("\\u%04X", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
