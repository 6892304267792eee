package dev.jollama.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code _debug_info} of a {@code _debug_render_only} request: the prompt as rendered. */
public record DebugInfo(
        @JsonProperty("rendered_template") String renderedTemplate,
        @OmitEmpty @JsonProperty("image_count") int imageCount) {
}
