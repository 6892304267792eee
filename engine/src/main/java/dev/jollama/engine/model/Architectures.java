package dev.jollama.engine.model;

import dev.jollama.engine.model.arch.Bert;
import dev.jollama.engine.model.arch.Gemma;
import dev.jollama.engine.model.arch.Gemma2;
import dev.jollama.engine.model.arch.Gemma3;
import dev.jollama.engine.model.arch.Llama;
import dev.jollama.engine.model.arch.NomicBert;
import dev.jollama.engine.model.arch.Phi3;
import dev.jollama.engine.model.arch.Qwen2;
import dev.jollama.engine.model.arch.Qwen3;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The architectures the engine runs, by name. */
public final class Architectures {
    private static final Map<String, Architecture> BY_NAME = List.of(
            new Llama(), new Qwen2(), new Qwen3(), new Phi3(), new Gemma(), new Gemma2(), new Gemma3(), new Bert(), new NomicBert()
    ).stream().collect(Collectors.toUnmodifiableMap(Architecture::name, Function.identity()));

    private Architectures() {}

    public static Architecture forName(String name) throws ModelFormatException {
        Architecture a = BY_NAME.get(name);
        if (a == null) throw new ModelFormatException("unknown model architecture: '" + name + "' (supported: " + String.join(", ", names()) + ")");
        return a;
    }

    public static List<String> names() {
        return BY_NAME.keySet().stream().sorted().toList();
    }
}
