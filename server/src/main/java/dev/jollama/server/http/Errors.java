package dev.jollama.server.http;

import dev.jollama.api.ErrorResponse;
import dev.jollama.api.Json;
import io.javalin.http.Context;

/** Writes Ollama's JSON answers and errors. */
public final class Errors {
    private Errors() {}

    public static final String JSON = "application/json; charset=utf-8";

    /** {@code {"error":"<message>"}} with this status. */
    public static void write(Context ctx, int status, String message) {
        json(ctx, status, new ErrorResponse(message));
    }

    /** A JSON body as gin's c.JSON writes it. */
    public static void json(Context ctx, int status, Object body) {
        ctx.status(status);
        ctx.contentType(JSON);
        ctx.result(Json.write(body));
    }
}
