package dev.jollama.api.modelfile;

import dev.jollama.api.Options;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The typed parameter map of a Modelfile's PARAMETER lines, as Ollama's client builds it for /api/create: values
 * typed by {@link Options#formatParams}, repeated {@code stop} lines accumulated into one list, other repeats
 * keeping the last value, and removed options warned about and dropped.
 */
public final class Parameters {
    private Parameters() {}

    /** Removed options the Modelfile parser drops with a warning (others it does not know are errors). */
    public static final Set<String> DEPRECATED = Set.of("penalize_newline", "low_vram", "f16_kv", "logits_all",
            "vocab_only", "use_mlock", "mirostat", "mirostat_tau", "mirostat_eta");

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

    /** One parameter typed as Ollama types it, with Ollama's error text. */
    public static Object typed(String name, List<String> values) throws ModelfileException {
        try {
            return Options.formatParams(Map.of(name, values)).get(name);
        } catch (IllegalArgumentException e) {
            throw new ModelfileException(e.getMessage());
        }
    }
}
