package dev.jollama.api;

/** POST /api/detokenize (jollama's addition, as llama-server's /detokenize): token ids to turn back into text. */
public record DetokenizeRequest(String model, int[] tokens) {
}
