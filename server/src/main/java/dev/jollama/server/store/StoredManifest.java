package dev.jollama.server.store;

import java.time.Instant;

/**
 * A manifest as found in the store: its name, content, the hex sha256 of the file's bytes (the model ID Ollama
 * shows) and the file's modification time.
 */
public record StoredManifest(ModelName name, Manifest manifest, String digest, Instant modifiedAt) {
}
