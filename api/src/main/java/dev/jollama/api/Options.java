package dev.jollama.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The option names Ollama knows (request {@code options}, Modelfile PARAMETER, create {@code parameters}), with
 * their types and Ollama's checks: {@link #check} is api.Options.FromMap's type check on a JSON map,
 * {@link #formatParams} is api.FormatParams typing Modelfile strings.
 */
public final class Options {
    private Options() {}

    public enum Kind {
        INT("integer"), FLOAT("float32"), BOOL("boolean"), STRING("string"), STRING_LIST("array"),
        /** A nullable int (main_gpu). */
        OPTIONAL_INT("integer"),
        /** A nullable bool (use_mmap). */
        OPTIONAL_BOOL("boolean");

        public final String goName;

        Kind(String goName) {
            this.goName = goName;
        }
    }

    /** Every option in Ollama's struct order: load-time (Runner) first, then the runtime ones. */
    public static final Map<String, Kind> KINDS;

    static {
        Map<String, Kind> k = new LinkedHashMap<>();
        k.put("num_ctx", Kind.INT);
        k.put("num_batch", Kind.INT);
        k.put("num_gpu", Kind.INT);
        k.put("main_gpu", Kind.OPTIONAL_INT);
        k.put("use_mmap", Kind.OPTIONAL_BOOL);
        k.put("num_thread", Kind.INT);
        k.put("draft_num_predict", Kind.INT);
        k.put("num_keep", Kind.INT);
        k.put("seed", Kind.INT);
        k.put("num_predict", Kind.INT);
        k.put("top_k", Kind.INT);
        k.put("top_p", Kind.FLOAT);
        k.put("min_p", Kind.FLOAT);
        k.put("typical_p", Kind.FLOAT);
        k.put("repeat_last_n", Kind.INT);
        k.put("temperature", Kind.FLOAT);
        k.put("repeat_penalty", Kind.FLOAT);
        k.put("presence_penalty", Kind.FLOAT);
        k.put("frequency_penalty", Kind.FLOAT);
        k.put("stop", Kind.STRING_LIST);
        KINDS = Collections.unmodifiableMap(k);
    }

    /** Options Ollama removed in v0.7; clients may still send them: warned about and ignored. */
    public static final Set<String> REMOVED = Set.of("numa", "low_vram", "f16_kv", "logits_all", "vocab_only", "use_mlock",
            "mirostat", "mirostat_tau", "mirostat_eta", "penalize_newline", "tfs_z");

    /** Load-time options: changing one of them means reloading the model. */
    public static final Set<String> LOAD_TIME = Set.of("num_ctx", "num_batch", "num_gpu", "main_gpu", "use_mmap", "num_thread", "draft_num_predict");

    /**
     * Checks one JSON-decoded value (Jackson's Integer/Long/Double/Boolean/String/List) against the option's type,
     * with Ollama's message on a mismatch. Unknown names and nulls pass: Ollama ignores them.
     */
    public static void check(String key, Object value) {
        Kind kind = KINDS.get(key);
        if (kind == null || value == null) return;
        boolean ok = switch (kind) {
            case INT, OPTIONAL_INT, FLOAT -> value instanceof Number;
            case BOOL, OPTIONAL_BOOL -> value instanceof Boolean;
            case STRING -> value instanceof String;
            case STRING_LIST -> value instanceof List<?>;
        };
        if (!ok) throw new IllegalArgumentException("option \"" + key + "\" must be of type " + kind.goName);
        if (kind == Kind.STRING_LIST) {
            for (Object item : (List<?>) value) {
                if (!(item instanceof String)) throw new IllegalArgumentException("option \"" + key + "\" must be of an array of strings");
            }
        }
    }

    /** {@link #check} over a whole map. */
    public static void checkAll(Map<String, Object> options) {
        if (options != null) options.forEach(Options::check);
    }

    /**
     * Types Modelfile PARAMETER values as Ollama's FormatParams does: ints as Long, floats as Float, bools as
     * Boolean, lists as List&lt;String&gt;. Unknown names and unparsable values are errors with Ollama's text.
     */
    public static Map<String, Object> formatParams(Map<String, List<String>> params) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            String key = e.getKey();
            List<String> vals = e.getValue();
            Kind kind = KINDS.get(key);
            if (kind == null) throw new IllegalArgumentException("unknown parameter '" + key + "'");
            out.put(key, typed(kind, vals));
        }
        return out;
    }

    /** One Modelfile-style value typed for an option; {@code vals} has every repetition of the parameter. */
    public static Object typed(Kind kind, List<String> vals) {
        String first = vals.isEmpty() ? "" : vals.get(0);
        String shown = "[" + String.join(" ", vals) + "]";
        try {
            return switch (kind) {
                case FLOAT -> parseGoFloat32(first);
                case INT, OPTIONAL_INT -> parseGoInt(first);
                case BOOL, OPTIONAL_BOOL -> parseGoBool(first);
                case STRING -> first;
                case STRING_LIST -> new ArrayList<>(vals);
            };
        } catch (NumberFormatException ex) {
            String what = switch (kind) {
                case FLOAT -> "float";
                case INT, OPTIONAL_INT -> "int";
                default -> "bool";
            };
            throw new IllegalArgumentException("invalid " + what + " value " + shown);
        }
    }

    private static final Pattern GO_INT = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern GO_FLOAT = Pattern.compile(
            "[+-]?(?:(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?|(?i:inf|infinity|nan))");

    /** Go's strconv.ParseInt(s, 10, 64): ASCII digits with an optional sign, nothing else. */
    private static long parseGoInt(String s) {
        if (!GO_INT.matcher(s).matches()) throw new NumberFormatException(s);
        return Long.parseLong(s);
    }

    /** Go's strconv.ParseFloat(s, 32): decimal or inf/nan; a finite value too large for a float32 is an error. */
    private static float parseGoFloat32(String s) {
        if (!GO_FLOAT.matcher(s).matches()) throw new NumberFormatException(s);
        String lower = s.toLowerCase(Locale.ROOT);
        boolean infinity = lower.contains("inf");
        float f = infinity ? (lower.startsWith("-") ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY)
                : lower.contains("nan") ? Float.NaN : Float.parseFloat(s);
        if (Float.isInfinite(f) && !infinity) throw new NumberFormatException(s);
        return f;
    }

    /** Go's strconv.ParseBool. */
    private static boolean parseGoBool(String s) {
        return switch (s) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw new NumberFormatException(s);
        };
    }
}
