package dev.jollama.server.create;

import dev.jollama.server.model.ModelFacts;
import dev.jollama.server.store.ModelConfig;

import java.util.ArrayList;
import java.util.List;

/** The config blob of a model being created, filled as Ollama fills it: explicit values first, then the GGUF's. */
final class ConfigBuilder {
    String modelFormat = "";
    String modelFamily = "";
    List<String> modelFamilies;
    String modelType = "";
    String fileType = "";
    String renderer;
    String parser;
    String requires;
    List<String> capabilities;
    int contextLength;
    int embeddingLength;
    String baseName;
    ModelConfig.Draft draft;

    /** What a create from another model keeps of that model's config. */
    void inherit(ModelConfig base) {
        if (empty(renderer)) renderer = base.renderer();
        if (empty(parser)) parser = base.parser();
        if (empty(requires)) requires = base.requires();
        if (empty(modelFormat) && base.modelFormat() != null) modelFormat = base.modelFormat();
        if (capabilities == null || capabilities.isEmpty()) capabilities = base.capabilities();
    }

    /** Fills what is still empty from the model layer's GGUF and adds its architecture to the families. */
    void describe(ModelFacts f) {
        if (modelFormat.isEmpty()) modelFormat = "gguf";
        if (modelFamily.isEmpty()) modelFamily = f.architecture();
        if (modelType.isEmpty()) modelType = f.parameterSize();
        if (fileType.isEmpty()) fileType = f.fileTypeName();
        if (modelFamilies == null) modelFamilies = new ArrayList<>();
        modelFamilies.add(f.architecture());
    }

    ModelConfig build() {
        return new ModelConfig(modelFormat, modelFamily, modelFamilies, modelType, fileType, renderer, parser, requires,
                null, null, capabilities, contextLength, embeddingLength, baseName, draft, "amd64", "linux");
    }

    private static boolean empty(String s) {
        return s == null || s.isEmpty();
    }
}
