package dev.jollama.server.generate;

import dev.jollama.server.model.LocalModel;
import dev.jollama.server.model.ModelFacts;
import dev.jollama.server.parse.OutputParsers;
import dev.jollama.server.template.OllamaTemplate;
import dev.jollama.server.template.TemplateCapabilities;

/**
 * Picks how a model's prompts are made, as Ollama's chatModeForModel does: gpt-oss harmony templates and Go
 * TEMPLATEs are rendered by Ollama's rules (unless OLLAMA_GO_TEMPLATE is off, or the GGUF's Jinja template can do
 * strictly more: tools or thinking the Go template lacks); otherwise the GGUF's Jinja chat template; a model with
 * neither gets {@code {{ .Prompt }}}. A Go template that does not parse is an error (500, as in Ollama).
 */
public final class PromptFormats {
    private PromptFormats() {}

    public static PromptFormat of(LocalModel m, ModelFacts facts, boolean goTemplateAllowed) {
        String jinja = facts == null ? "" : facts.chatTemplate();
        OllamaTemplate go = m.template() == null ? null : OllamaTemplate.parse(m.template());
        if (go != null) {
            boolean harmony = OutputParsers.isHarmony(m.config().modelFamily(), m.template());
            if (harmony || jinja.isEmpty() || (goTemplateAllowed && !jinjaDoesMore(jinja, go))) return new GoPromptFormat(go, harmony);
        }
        if (!jinja.isEmpty()) return JinjaPromptFormat.of(m, jinja);
        return new GoPromptFormat(OllamaTemplate.DEFAULT, false);
    }

    private static boolean jinjaDoesMore(String jinja, OllamaTemplate go) {
        if (jinja.isEmpty()) return false;
        TemplateCapabilities j = TemplateCapabilities.ofJinja(jinja), g = go.capabilities();
        boolean superset = (j.tools() || !g.tools()) && (j.thinking() || !g.thinking());
        return superset && (j.tools() != g.tools() || j.thinking() != g.thinking());
    }
}
