package dev.jollama.api;

import java.util.List;

/** A candidate token with its log probability and raw bytes. */
public record TokenLogprob(String token, double logprob, @OmitEmpty List<Integer> bytes) {
}
