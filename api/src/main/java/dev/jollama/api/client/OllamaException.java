package dev.jollama.api.client;

import java.io.IOException;
import java.util.Map;

/**
 * An error the server answered: its HTTP status and the {@code error} text of its body. The message is what
 * Ollama's Go client shows: for streamed requests {@code "400 Bad Request: <error>"}, else the error text; for an
 * error line in the middle of a stream (status 200) just the text.
 */
public final class OllamaException extends IOException {
    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(408, "Request Timeout"),
            Map.entry(409, "Conflict"), Map.entry(413, "Request Entity Too Large"), Map.entry(429, "Too Many Requests"),
            Map.entry(499, ""), Map.entry(500, "Internal Server Error"), Map.entry(501, "Not Implemented"),
            Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"));

    private final int statusCode;
    private final String error;
    private final String signinUrl;

    OllamaException(int statusCode, String status, String error, String signinUrl) {
        super(message(status, error));
        this.statusCode = statusCode;
        this.error = error == null ? "" : error;
        this.signinUrl = signinUrl;
    }

    /** An error answered in one JSON body (Ollama's message is the error text alone). */
    static OllamaException of(int statusCode, String error, String signinUrl) {
        return new OllamaException(statusCode, null, error, signinUrl);
    }

    /** An error answered to a streamed request (Ollama prefixes the HTTP status line). */
    static OllamaException streamed(int statusCode, String error, String signinUrl) {
        return new OllamaException(statusCode, statusLine(statusCode), error, signinUrl);
    }

    /** An {@code {"error":...}} line after streaming had started. */
    static OllamaException midStream(String error) {
        return new OllamaException(200, null, error, null);
    }

    /** The HTTP status, 200 for an error reported in the middle of a stream. */
    public int statusCode() {
        return statusCode;
    }

    /** The server's {@code error} text (or the raw body when it was not JSON). */
    public String error() {
        return error;
    }

    /** {@code signin_url} of a 401 answer, or null. */
    public String signinUrl() {
        return signinUrl;
    }

    static String statusLine(int code) {
        String reason = REASONS.getOrDefault(code, "");
        return reason.isEmpty() ? Integer.toString(code) : code + " " + reason;
    }

    private static String message(String status, String error) {
        boolean hasStatus = status != null && !status.isEmpty();
        boolean hasError = error != null && !error.isEmpty();
        if (hasStatus && hasError) return status + ": " + error;
        if (hasStatus) return status;
        if (hasError) return error;
        return "something went wrong, please see the ollama server logs for details";
    }
}
