package dev.jollama.server.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jollama.api.OmitEmpty;

/** A manifest entry: the blob's media type, digest and size, and for inherited layers the model it came from. */
public record Layer(
        @JsonProperty("mediaType") String mediaType,
        String digest,
        long size,
        @OmitEmpty String from,
        @OmitEmpty String name) {

    public Layer withFrom(String source) {
        return new Layer(mediaType, digest, size, source, name);
    }
}
