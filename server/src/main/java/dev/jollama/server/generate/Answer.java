package dev.jollama.server.generate;

import dev.jollama.api.Logprob;
import dev.jollama.api.ToolCall;

import java.util.List;

/** What a running completion hands to its endpoint: pieces of the answer as they come, then how it ended. */
interface Answer {

    /** Output released by the parser with the log-probabilities of the tokens it came from. */
    record Piece(String content, String thinking, List<ToolCall> toolCalls, List<Logprob> logprobs) {
        static final Piece EMPTY = new Piece("", "", List.of(), List.of());

        boolean isEmpty() {
            return content.isEmpty() && thinking.isEmpty() && toolCalls.isEmpty() && logprobs.isEmpty();
        }
    }

    /**
     * How the answer ended: done reason, token counts and timings summed over the completions run (two when a
     * format applies after thinking), and the raw text the model generated in the last one.
     */
    record End(String doneReason, int promptEvalCount, long promptEvalNanos, int evalCount, long evalNanos, String rawOutput) {}

    /** Called on the request's thread; may throw when the client has gone. */
    void piece(Piece piece);

    /** The last call: what the parser released at the end (possibly empty) and how it ended. */
    void end(Piece last, End end);
}
