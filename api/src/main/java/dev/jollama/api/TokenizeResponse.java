package dev.jollama.api;

/** The token ids of the content: no BOS added, special tokens written in the text parsed. */
public record TokenizeResponse(String model, int[] tokens) {
}
