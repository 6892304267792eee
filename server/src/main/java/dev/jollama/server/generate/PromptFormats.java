package dev.jollama.server.generate;

import dev.jollama.engine.gguf.GgufArray;
import dev.jollama.engine.gguf.GgufFile;
import dev.jollama.engine.gguf.GgufMetadata;
import dev.jollama.server.model.LocalModel;
import dev.jollama.server.model.ModelFacts;
import dev.jollama.server.parse.OutputParsers;
import dev.jollama.server.template.OllamaTemplate;
import dev.jollama.server.template.TemplateCapabilities;
import dev.jollama.server.template.jinja.JinjaChatTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Picks how a model's prompts are made, as Ollama's chatModeForModel does: gpt-oss harmony templates and Go
 * TEMPLATEs are rendered by Ollama's rules (unless OLLAMA_GO_TEMPLATE is off, or the GGUF's Jinja template can do
 * strictly more: tools or thinking the Go template lacks); otherwise the GGUF's Jinja chat template, with the
 * model's BOS and EOS strings; a model with neither gets {@code {{ .Prompt }}}.
 */
public final class PromptFormats {
    private PromptFormats() {}

    /** @throws dev.jollama.server.template.gotmpl.GoTemplateException for a Go template that does not parse */
    public static PromptFormat of(LocalModel m, ModelFacts facts, boolean goTemplateAllowed) {
        String jinja = facts == null ? "" : facts.chatTemplate();
        OllamaTemplate go = m.template() == null ? null : OllamaTemplate.parse(m.template());
        if (go != null) {
            boolean harmony = OutputParsers.isHarmony(m.config().modelFamily(), m.template());
            if (harmony || jinja.isEmpty() || (goTemplateAllowed && !jinjaDoesMore(jinja, go))) return new PromptFormat(go, harmony);
        }
        if (!jinja.isEmpty()) return new PromptFormat(jinja(m, jinja), false);
        return new PromptFormat(OllamaTemplate.DEFAULT, false);
    }

    private static boolean jinjaDoesMore(String jinja, OllamaTemplate go) {
        TemplateCapabilities j = TemplateCapabilities.ofJinja(jinja), g = go.capabilities();
        boolean superset = (j.tools() || !g.tools()) && (j.thinking() || !g.thinking());
        return superset && (j.tools() != g.tools() || j.thinking() != g.thinking());
    }

    private static JinjaChatTemplate jinja(LocalModel m, String source) {
        try (GgufFile f = GgufFile.open(m.modelPath())) {
            GgufMetadata md = f.metadata();
            return new JinjaChatTemplate(source).withTokens(token(md, "tokenizer.ggml.bos_token_id"), token(md, "tokenizer.ggml.eos_token_id"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String token(GgufMetadata md, String idKey) {
        long id = md.getLong(idKey, -1);
        GgufArray tokens = md.getArray("tokenizer.ggml.tokens");
        if (id < 0 || tokens == null || id >= tokens.length()) return "";
        return String.valueOf(tokens.get((int) id));
    }
}
