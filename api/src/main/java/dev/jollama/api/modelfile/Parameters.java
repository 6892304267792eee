package dev.jollama.api.modelfile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Typing of PARAMETER values as Ollama's {@code api.FormatParams} does it: each option has the JSON type of its
 * field in {@code api.Options} (integers as {@link Long}, floats as {@link Float}), {@code stop} collects every
 * value into a list, and names outside the options are errors.
 */
public final class Parameters {
    private Parameters() {}

    public enum Type { INT, FLOAT, BOOL, STRING_LIST }

    private static final Map<String, Type> TYPES = types();

    /** Removed options: a Modelfile that sets one gets a warning and the line is dropped. */
    public static final Set<String> DEPRECATED = Set.of("penalize_newline", "low_vram", "f16_kv", "logits_all",
            "vocab_only", "use_mlock", "mirostat", "mirostat_tau", "mirostat_eta");

    private static final Pattern INT = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern FLOAT = Pattern.compile(
            "[+-]?(?:(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?|(?i:inf|infinity|nan))");
    private static final Set<String> TRUE = Set.of("1", "t", "T", "TRUE", "true", "True");
    private static final Set<String> FALSE = Set.of("0", "f", "F", "FALSE", "false", "False");

    private static Map<String, Type> types() {
        Map<String, Type> t = new LinkedHashMap<>();
        for (String k : List.of("num_ctx", "num_batch", "num_gpu", "main_gpu", "num_thread", "draft_num_predict",
                "num_keep", "seed", "num_predict", "top_k", "repeat_last_n")) {
            t.put(k, Type.INT);
        }
        for (String k : List.of("top_p", "min_p", "typical_p", "temperature", "repeat_penalty", "presence_penalty",
                "frequency_penalty")) {
            t.put(k, Type.FLOAT);
        }
        t.put("use_mmap", Type.BOOL);
        t.put("stop", Type.STRING_LIST);
        return Map.copyOf(t);
    }

    /** The type of a known option, or null. */
    public static Type type(String name) {
        return TYPES.get(name);
    }

    /** One option's value from its text form(s): a list for {@code stop}, else the first value typed. */
    public static Object typed(String name, List<String> values) throws ModelfileException {
        Type type = TYPES.get(name);
        if (type == null) throw new ModelfileException("unknown parameter '" + name + "'");
        if (type == Type.STRING_LIST) return List.copyOf(values);
        String v = values.isEmpty() ? "" : values.getFirst();
        String shown = "[" + String.join(" ", values) + "]";
        return switch (type) {
            case INT -> {
                try {
                    if (!INT.matcher(v).matches()) throw new NumberFormatException();
                    yield Long.parseLong(v);
                } catch (NumberFormatException e) {
                    throw new ModelfileException("invalid int value " + shown);
                }
            }
            case FLOAT -> {
                if (FLOAT.matcher(v).matches()) {
                    float f = Float.parseFloat(javaFloat(v));
                    if (!Float.isInfinite(f) || v.toLowerCase(Locale.ROOT).contains("inf")) yield f;
                }
                throw new ModelfileException("invalid float value " + shown);
            }
            case BOOL -> {
                if (TRUE.contains(v)) yield Boolean.TRUE;
                if (FALSE.contains(v)) yield Boolean.FALSE;
                throw new ModelfileException("invalid bool value " + shown);
            }
            case STRING_LIST -> throw new AssertionError();
        };
    }

    /**
     * The typed parameter map of a Modelfile's PARAMETER lines, in file order; repeated {@code stop} lines
     * accumulate, other repeats keep the last value. Deprecated names are reported to {@code warnings} and dropped.
     */
    public static Map<String, Object> of(List<Instruction> instructions, Consumer<String> warnings)
            throws ModelfileException {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Instruction i : instructions) {
            if (i.keyword() != Instruction.Keyword.PARAMETER) continue;
            if (DEPRECATED.contains(i.name())) {
                warnings.accept("warning: parameter " + i.name() + " is deprecated");
                continue;
            }
            Object v = typed(i.name(), List.of(i.value()));
            if (v instanceof List<?> list && out.get(i.name()) instanceof List<?> previous) {
                List<Object> merged = new ArrayList<>(previous);
                merged.addAll(list);
                v = List.copyOf(merged);
            }
            out.put(i.name(), v);
        }
        return out;
    }

    /** Go spells infinity "inf"; Java wants "Infinity". */
    private static String javaFloat(String v) {
        String lower = v.toLowerCase(Locale.ROOT);
        if (lower.endsWith("infinity") || lower.endsWith("inf")) return lower.startsWith("-") ? "-Infinity" : "Infinity";
        if (lower.endsWith("nan")) return "NaN";
        return v;
    }
}
