package dev.jollama.server.compat;

/** Where a dialect's stream translation puts its server-sent events ({@link Sse} on the wire). */
public interface EventSink {

    /** An unnamed event: {@code data: <json>}. */
    void data(Object payload);

    /** A named event: {@code event: <name>} then {@code data: <json>}. */
    void event(String name, Object payload);

    /** OpenAI's end marker, {@code data: [DONE]}. */
    void done();
}
