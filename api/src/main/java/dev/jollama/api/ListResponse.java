package dev.jollama.api;

import java.util.List;

/** GET /api/tags. */
public record ListResponse(List<ListModelResponse> models) {
}
