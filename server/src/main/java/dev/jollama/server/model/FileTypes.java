package dev.jollama.server.model;

import java.util.List;

/** Names of GGUF {@code general.file_type} values (llama_ftype), as Ollama prints them ("Q4_K_M"). */
public final class FileTypes {
    private FileTypes() {}

    private static final List<String> NAMES = List.of(
            "F32", "F16", "Q4_0", "Q4_1", "", "", "", "Q8_0", "Q5_0", "Q5_1", "Q2_K", "Q3_K_S", "Q3_K_M", "Q3_K_L",
            "Q4_K_S", "Q4_K_M", "Q5_K_S", "Q5_K_M", "Q6_K", "IQ2_XXS", "IQ2_XS", "Q2_K_S", "IQ3_XS", "IQ3_XXS", "IQ1_S",
            "IQ4_NL", "IQ3_S", "IQ3_M", "IQ2_S", "IQ2_M", "IQ4_XS", "IQ1_M", "BF16", "", "", "", "TQ1_0", "TQ2_0",
            "MXFP4_MOE", "NVFP4", "Q1_0");

    /** The name of a file type id, or "unknown". */
    public static String name(long id) {
        if (id < 0 || id >= NAMES.size() || NAMES.get((int) id).isEmpty()) return "unknown";
        return NAMES.get((int) id);
    }
}
