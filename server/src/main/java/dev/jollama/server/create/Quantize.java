package dev.jollama.server.create;

import dev.jollama.api.ProgressResponse;
import dev.jollama.engine.gguf.GgufFile;
import dev.jollama.engine.quantize.FileType;
import dev.jollama.engine.quantize.ModelQuantizer;
import dev.jollama.engine.tensor.Workers;
import dev.jollama.server.http.ApiException;
import dev.jollama.server.http.NdjsonResponse.Sink;
import dev.jollama.server.store.ModelStore;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Create's {@code quantize} (or {@code quantization}), as Ollama's createModel handles it for a GGUF model layer: the
 * type must be one Ollama parses, the model must be F16, BF16 or F32 (both errors without a status, so 500 as in
 * Ollama), the type the model already has is a no-op, and any other is a conversion with the engine's quantizer
 * (llama-quantize's output, byte for byte) streamed into a new blob while Ollama's status lines report the progress.
 */
final class Quantize {
    /** The digest Ollama sends with its quantizing progress lines. */
    static final String PROGRESS_DIGEST = "0000000000000000000";

    /** A requested conversion: the type as asked for, upper-cased (it names it so in its status), and the target. */
    record Request(String name, FileType target) {}

    private Quantize() {}

    /** The conversion to do to a model of {@code modelFileType}, none when nothing or its own type is asked for. */
    static Optional<Request> plan(String requested, String modelFileType) {
        if (requested == null || requested.isEmpty()) return Optional.empty();
        String name = requested.toUpperCase(Locale.ROOT);
        FileType target = FileType.parse(name)
                .orElseThrow(() -> new ApiException(500, "unsupported quantization type " + name
                        + " - supported types are F32, F16, Q4_K_S, Q4_K_M, Q8_0"));
        if (!modelFileType.equals("F16") && !modelFileType.equals("BF16") && !modelFileType.equals("F32")) {
            throw new ApiException(500, "quantization is only supported for F16, BF16 and F32 models");
        }
        return target.name().equals(modelFileType) ? Optional.empty() : Optional.of(new Request(name, target));
    }

    /**
     * Writes the model in {@code source} converted as asked into a new blob. The output goes to a temporary file in
     * the store and becomes a blob only once complete ({@link ModelStore#putBlob}): a failure, a full disk or a client
     * that went away leave the store as it was.
     */
    static ModelStore.BlobResult convert(ModelStore store, ModelStore.Pins pins, Path source, long sourceSize,
                                         String sourceFileType, Request request, Sink sink) throws IOException {
        String status = "quantizing " + sourceFileType + " model to " + request.name();
        try (GgufFile in = GgufFile.open(source); Workers workers = new Workers(Runtime.getRuntime().availableProcessors())) {
            try {
                ModelQuantizer.plan(in, request.target());
            } catch (ModelQuantizer.UnsupportedSourceException e) {
                throw new ApiException(500, e.getMessage());
            }
            ModelStore.BlobResult result = store.putBlob(out -> ModelQuantizer.write(in, request.target(), workers, out, p -> {
                long completed = (long) ((float) p.bytesDone() / p.bytesTotal() * sourceSize);
                sink.send(new ProgressResponse(status, PROGRESS_DIGEST, sourceSize, completed));
            }), null, pins);
            sink.send(ProgressResponse.of("verifying conversion"));
            return result;
        }
    }
}
