package dev.jollama.engine.grammar;

import java.util.Optional;

/**
 * The entry point for Ollama's {@code format} field (also the OpenAI dialect's response_format once translated):
 * the field's raw JSON text in, the grammar to constrain decoding with out.
 * <pre>{@code
 * Optional<Grammar> g = StructuredOutput.grammar(rawFormatJson);          // 400 on IllegalArgumentException
 * TokenGrammar tg = TokenGrammar.of(g.get(), vocabulary);                 // cache per (format, model) if you like
 * GrammarMatcher m = tg.newMatcher();                                     // one per sequence: a TokenConstraint
 * }</pre>
 */
public final class StructuredOutput {
    private StructuredOutput() {}

    /**
     * The grammar for a {@code format} value given as JSON text: {@code "json"} is JSON mode, an object is a JSON
     * Schema; absent, {@code null} and {@code ""} mean no constraint. Anything else is an
     * {@link IllegalArgumentException} with Ollama's message; a schema we cannot enforce is an
     * {@link UnsupportedSchemaException} naming the keyword.
     */
    public static Optional<Grammar> grammar(String formatJson) {
        if (formatJson == null) return Optional.empty();
        String f = formatJson.strip();
        if (f.isEmpty() || f.equals("null") || f.equals("\"\"")) return Optional.empty();
        if (f.equals("\"json\"")) return Optional.of(JsonGrammar.object());
        if (!f.startsWith("{")) throw new IllegalArgumentException("invalid format: " + goQuote(formatJson) + "; expected \"json\" or a valid JSON Schema object");
        Object schema;
        try {
            schema = Json.parse(f);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid JSON schema in format", e);
        }
        return Optional.of(JsonSchemaGrammar.fromSchema(schema));
    }

    /**
     * The same for a {@code format} value already parsed into a tree (null, a String, or a Map/List tree as Jackson
     * reads it).
     */
    public static Optional<Grammar> grammarOf(Object format) {
        if (format == null || "".equals(format)) return Optional.empty();
        if ("json".equals(format)) return Optional.of(JsonGrammar.object());
        if (format instanceof java.util.Map<?, ?>) return Optional.of(JsonSchemaGrammar.fromSchema(format));
        throw new IllegalArgumentException("invalid format: " + goQuote(Json.write(format)) + "; expected \"json\" or a valid JSON Schema object");
    }

    /** Go's %q of a string: double-quoted with backslash escapes. */
    private static String goQuote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        s.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7F) sb.append(String.format("\\x%02x", c));
                    else sb.appendCodePoint(c);
                }
            }
        });
        return sb.append('"').toString();
    }
}
