package dev.jollama.engine.runtime;

import dev.jollama.engine.sampling.Logprobs;

/**
 * One generated token as the generation loop reports it.
 *
 * @param id       the token id
 * @param piece    the bytes this token stands for in the output (empty for control tokens); what Ollama reports as a
 *                 logprob's {@code bytes}
 * @param text     the text released to the client with this token: possibly empty (held back as the start of a stop
 *                 string or an unfinished UTF-8 character), possibly including text held back earlier
 * @param logprobs the token's log-probability and the most likely alternatives, or null when not requested
 */
public record GeneratedToken(int id, byte[] piece, String text, Logprobs.TokenLogprobs logprobs) {}
