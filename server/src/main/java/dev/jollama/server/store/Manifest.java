package dev.jollama.server.store;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.ArrayList;
import java.util.List;

/** A Docker v2 image manifest as Ollama writes it under manifests/. */
public record Manifest(
        @JsonProperty("schemaVersion") int schemaVersion,
        @JsonProperty("mediaType") String mediaType,
        Layer config,
        List<Layer> layers) {

    public Manifest {
        layers = layers == null ? List.of() : List.copyOf(layers);
    }

    public static Manifest of(Layer config, List<Layer> layers) {
        return new Manifest(2, MediaTypes.MANIFEST, config, layers);
    }

    /** Config and layer sizes summed, as /api/tags reports it. */
    public long totalSize() {
        long size = config == null ? 0 : config.size();
        for (Layer l : layers) size += l.size();
        return size;
    }

    /** Every blob digest this manifest references, the config's included. */
    public List<String> digests() {
        List<String> out = new ArrayList<>();
        if (config != null && config.digest() != null && !config.digest().isEmpty()) out.add(config.digest());
        for (Layer l : layers) {
            if (l.digest() != null && !l.digest().isEmpty()) out.add(l.digest());
        }
        return out;
    }

    /** The first layer of this media type, or null. */
    public Layer layer(String mediaType) {
        for (Layer l : layers) {
            if (l.mediaType().equals(mediaType)) return l;
        }
        return null;
    }
}
