package dev.jollama.server.compat;

import dev.jollama.server.http.ApiException;

/** A 400 about one request field, which the dialects that have a {@code param} in their errors name. */
public final class InvalidParam extends ApiException {
    private final String param;

    public InvalidParam(String param, String message) {
        super(400, message);
        this.param = param;
    }

    public String param() {
        return param;
    }
}
