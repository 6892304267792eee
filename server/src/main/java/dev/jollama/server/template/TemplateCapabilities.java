package dev.jollama.server.template;

/**
 * What a chat template lets a model do, read off the template as Ollama does: tools (the template renders
 * tool definitions), insert (fill-in-the-middle through {@code .Suffix}), thinking (it frames thinking in tags).
 */
public record TemplateCapabilities(boolean tools, boolean insert, boolean thinking) {

    public static final TemplateCapabilities NONE = new TemplateCapabilities(false, false, false);

    /** Ollama's reading of a Go template: {@code .Tools}, {@code .Suffix}, and inferable thinking tags. */
    public static TemplateCapabilities of(OllamaTemplate t) {
        ThinkingTags tags = t.thinkingTags();
        return new TemplateCapabilities(t.vars().contains("tools"), t.vars().contains("suffix"), tags != null);
    }

    /**
     * Ollama's reading of a GGUF Jinja chat template: "tools" or "tool_call" anywhere means tools; both think tags
     * mean thinking, as does stripping earlier reasoning with {@code content.split('</think>')} (unless the
     * template keeps reasoning_content or is one of the models that use that split otherwise).
     */
    public static TemplateCapabilities ofJinja(String chatTemplate) {
        if (chatTemplate == null || chatTemplate.isEmpty()) {
            return NONE;
        }
        boolean tools = chatTemplate.contains("tools") || chatTemplate.contains("tool_call");
        boolean thinking = (chatTemplate.contains("<think>") && chatTemplate.contains("</think>"))
                || ((chatTemplate.contains("content.split('</think>')") || chatTemplate.contains("content.split(\"</think>\")"))
                && !chatTemplate.contains("reasoning_content") && !chatTemplate.contains("<SPECIAL_12>"));
        return new TemplateCapabilities(tools, false, thinking);
    }
}
