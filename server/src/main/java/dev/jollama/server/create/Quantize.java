package dev.jollama.server.create;

import dev.jollama.server.http.ApiException;

import java.util.Locale;

/**
 * Create's {@code quantize}: the types Ollama accepts and its errors for the others. Asking for the type the model
 * already has is a no-op, as in Ollama; converting to another type is not implemented in jollama yet and says so.
 */
final class Quantize {
    private Quantize() {}

    static void check(String requested, String modelFileType) {
        if (requested == null || requested.isEmpty()) return;
        String want = switch (requested.toUpperCase(Locale.ROOT)) {
            case "F32" -> "F32";
            case "F16" -> "F16";
            case "Q8_0" -> "Q8_0";
            case "Q4_K_S" -> "Q4_K_S";
            case "Q4_K_M", "Q4_K" -> "Q4_K_M";
            case "BF16" -> "BF16";
            default -> throw ApiException.badRequest("unsupported quantization type " + requested.toUpperCase(Locale.ROOT)
                    + " - supported types are F32, F16, Q4_K_S, Q4_K_M, Q8_0");
        };
        if (!modelFileType.equals("F16") && !modelFileType.equals("BF16") && !modelFileType.equals("F32")) {
            throw ApiException.badRequest("quantization is only supported for F16, BF16 and F32 models");
        }
        if (want.equals(modelFileType)) return;
        throw ApiException.badRequest("quantizing a model (" + modelFileType + " to " + want + ") is not supported by jollama yet");
    }
}
