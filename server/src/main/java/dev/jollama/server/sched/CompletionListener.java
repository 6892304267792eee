package dev.jollama.server.sched;

import dev.jollama.api.Logprob;

/** Receives a completion's output as it is generated, on the generating thread; returns quickly. */
public interface CompletionListener {
    /**
     * The next piece of output. {@code text} may be empty (held back as the possible start of a stop string or
     * of a UTF-8 character) and may carry text held back before; {@code logprob} is the token's log-probability
     * when asked for, else null.
     */
    void onToken(String text, Logprob logprob);
}
