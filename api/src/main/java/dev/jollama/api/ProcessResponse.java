package dev.jollama.api;

import java.util.List;

/** GET /api/ps. */
public record ProcessResponse(List<ProcessModelResponse> models) {
}
