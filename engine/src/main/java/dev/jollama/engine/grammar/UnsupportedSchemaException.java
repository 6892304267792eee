package dev.jollama.engine.grammar;

/**
 * A JSON Schema that constrained decoding cannot enforce, naming the keyword and where it is (a JSON pointer into the
 * schema). The server answers it with a 400; the engine never silently drops a constraint.
 */
public final class UnsupportedSchemaException extends GrammarException {
    private final String keyword;
    private final String location;

    public UnsupportedSchemaException(String keyword, String location, String detail) {
        super("unsupported JSON Schema keyword \"" + keyword + "\" at " + location + (detail.isEmpty() ? "" : ": " + detail));
        this.keyword = keyword;
        this.location = location;
    }

    public String keyword() {
        return keyword;
    }

    /** JSON pointer of the schema that holds the keyword, e.g. {@code #/properties/age}. */
    public String location() {
        return location;
    }
}
