package dev.jollama.server.template;

/** The tags a template wraps thinking in, e.g. {@code <think>} and {@code </think>}. */
public record ThinkingTags(String opening, String closing) {
}
