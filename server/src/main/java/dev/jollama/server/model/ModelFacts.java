package dev.jollama.server.model;

import dev.jollama.engine.gguf.GgufFile;
import dev.jollama.engine.gguf.GgufMetadata;
import dev.jollama.engine.gguf.GgufTensorInfo;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What the server needs to know of a GGUF file without loading it: architecture, parameter count (the sum of all
 * tensor elements, as Ollama counts it), file type, context and embedding length, chat template, and the keys
 * that decide capabilities (pooling type, vision and audio encoders). Keys other than general.* and tokenizer.*
 * are looked up under the architecture's prefix, as Ollama does.
 */
public record ModelFacts(
        String architecture,
        long parameterCount,
        Long fileType,
        int contextLength,
        int embeddingLength,
        String chatTemplate,
        boolean pooling,
        boolean vision,
        boolean audio,
        String kind,
        int splitCount,
        int splitNo,
        int blockCount,
        boolean clipEncoder) {

    public static ModelFacts read(Path gguf) throws IOException {
        try (GgufFile f = GgufFile.open(gguf)) {
            return of(f);
        }
    }

    public static ModelFacts of(GgufFile f) {
        GgufMetadata md = f.metadata();
        String arch = md.getString("general.architecture", "unknown");
        long params = 0;
        for (GgufTensorInfo t : f.tensors().values()) params += t.elementCount();
        Object ft = md.get("general.file_type");
        return new ModelFacts(
                arch,
                params,
                ft instanceof Number n && !(ft instanceof Float || ft instanceof Double) ? n.longValue() : null,
                md.getInt(arch + ".context_length", 0),
                md.getInt(arch + ".embedding_length", 0),
                md.getString("tokenizer.chat_template", ""),
                md.contains(arch + ".pooling_type"),
                md.contains(arch + ".vision.block_count"),
                md.contains(arch + ".audio.block_count"),
                md.getString("general.type", "unknown"),
                md.getInt("split.count", md.getInt(arch + ".split.count", 0)),
                md.getInt("split.no", md.getInt(arch + ".split.no", 0)),
                md.getInt(arch + ".block_count", 0),
                md.getBool(arch + ".has_vision_encoder", false) || md.getBool(arch + ".has_audio_encoder", false));
    }

    /** "Q4_K_M", or "unknown" when the file does not say. */
    public String fileTypeName() {
        return fileType == null ? "unknown" : FileTypes.name(fileType);
    }

    /** "7.6B". */
    public String parameterSize() {
        return HumanNumber.format(parameterCount);
    }

    /** A projector (mmproj/CLIP) file rather than a language model. */
    public boolean isProjector() {
        if (kind.equals("projector") || kind.equals("mmproj")) return true;
        if (blockCount == 0 && vision) return true;
        return architecture.equals("clip") && blockCount == 0 && clipEncoder;
    }

    public boolean isAdapter() {
        return kind.equals("adapter");
    }
}
