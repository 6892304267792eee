package dev.jollama.server.model;

import java.util.regex.Pattern;

/**
 * What a Go template offers, read from its text: {@code .Tools} means tool calling, {@code .Suffix} fill-in-middle,
 * {@code .Thinking} a thinking section. Ollama reads the same from the parsed template (Vars, InferTags); text
 * search matches it for every template Ollama ships.
 */
public record TemplateFeatures(boolean tools, boolean insert, boolean thinking) {
    private static final Pattern TOOLS = Pattern.compile("\\.Tools\\b");
    private static final Pattern SUFFIX = Pattern.compile("\\.Suffix\\b");
    private static final Pattern THINKING = Pattern.compile("\\.Thinking\\b");

    public static TemplateFeatures of(String goTemplate) {
        if (goTemplate == null) return new TemplateFeatures(false, false, false);
        return new TemplateFeatures(TOOLS.matcher(goTemplate).find(), SUFFIX.matcher(goTemplate).find(), THINKING.matcher(goTemplate).find());
    }
}
