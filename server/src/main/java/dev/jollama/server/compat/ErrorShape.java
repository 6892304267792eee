package dev.jollama.server.compat;

/** How a dialect shows an error: a JSON body sent with the status, and the last event of a stream already started. */
public interface ErrorShape {

    /** The body answered with {@code status}; {@code param} names the offending request field, or is null. */
    Object body(int status, String message, String param);

    /** Ends a started stream with the error (its status is already 200). */
    void streamed(EventSink sink, int status, String message);
}
