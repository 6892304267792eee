package dev.jollama.engine.quantize;

import dev.jollama.engine.tensor.GgmlType;

import java.util.Locale;
import java.util.Optional;

/**
 * The file types a model can be converted to (llama.cpp's {@code llama_ftype}, stored as {@code general.file_type}),
 * those Ollama's create accepts. Each names the tensor type most weights get; the K-quant mixtures give some tensors
 * more bits ({@link TensorTypes}).
 */
public enum FileType {
    F32(0, GgmlType.F32),
    F16(1, GgmlType.F16),
    Q8_0(7, GgmlType.Q8_0),
    Q4_K_S(14, GgmlType.Q4_K),
    Q4_K_M(15, GgmlType.Q4_K),
    BF16(32, GgmlType.BF16);

    /** The {@code general.file_type} value. */
    public final int id;
    /** The type of the weights the mixture does not single out. */
    public final GgmlType defaultType;

    FileType(int id, GgmlType defaultType) {
        this.id = id;
        this.defaultType = defaultType;
    }

    /** By name, case-insensitively, as Ollama parses it: F32, F16, BF16, Q8_0, Q4_K_S, Q4_K_M, and Q4_K for Q4_K_M. */
    public static Optional<FileType> parse(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        if (n.equals("Q4_K")) return Optional.of(Q4_K_M);
        for (FileType t : values()) if (t.name().equals(n)) return Optional.of(t);
        return Optional.empty();
    }
}
