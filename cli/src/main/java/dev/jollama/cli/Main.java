package dev.jollama.cli;

/** Entry point of the jollama command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.out.println("jollama " + dev.jollama.server.Version.OLLAMA_API);
    }
}
