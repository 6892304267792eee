package dev.jollama.server;

/** The version jollama reports on /api/version: the Ollama API level it implements. */
public final class Version {
    private Version() {}

    public static final String OLLAMA_API = "0.33.0";
}
