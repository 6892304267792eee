package dev.jollama.server.generate;

import dev.jollama.api.Logprob;
import dev.jollama.server.parse.OutputParser;
import dev.jollama.server.parse.ParsedOutput;
import dev.jollama.server.sched.Completion;
import dev.jollama.server.sched.CompletionResult;
import dev.jollama.server.sched.Lease;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Runs a completion on its own (platform) thread and hands the parsed output to the request's thread, as Ollama's
 * handlers do with a goroutine and a channel: the generating thread never waits on the client, and a client that
 * is gone (a write failed, or its connection closed) stops the generation at the next token.
 *
 * <p>With a {@code format} and a model whose thinking is split off, the format applies after thinking as in
 * Ollama: a first completion runs unconstrained until the parser releases answer text, then a second one runs
 * with the format from a prompt that carries the thinking so far ({@link Rethink}). Unlike Ollama, an answer
 * without any thinking also switches to the constrained pass, so the format always holds.
 */
final class CompletionRun {

    /** The prompt tokens of the conversation with the thinking done so far, for the constrained pass. */
    interface Rethink {
        int[] prompt(String thinking);
    }

    private record Ended(Answer.Piece last, Answer.End end) {}

    private record Failed(Throwable error) {}

    private final Lease lease;
    private final OutputParser parser;
    private final BooleanSupplier clientGone;
    /** Bounded, like Ollama's channel: a client that reads slowly slows its own generation down, not the server's memory. */
    private final BlockingQueue<Object> events = new ArrayBlockingQueue<>(256);
    private final AtomicBoolean stop = new AtomicBoolean();

    private CompletionRun(Lease lease, OutputParser parser, BooleanSupplier clientGone) {
        this.lease = lease;
        this.parser = parser;
        this.clientGone = clientGone;
    }

    /**
     * Runs {@code completion} to its end, delivering its output to {@code answer} on this thread. {@code rethink}
     * is null when the format (if any) applies from the first token.
     */
    static void run(Lease lease, Completion completion, OutputParser parser, Rethink rethink, BooleanSupplier clientGone, Answer answer) {
        new CompletionRun(lease, parser, clientGone).drive(completion, rethink, answer);
    }

    private void drive(Completion completion, Rethink rethink, Answer answer) {
        // A platform thread: it calls the engine's forward pass and so works a share of every matrix product, waiting
        // (spin, yield, park) for the other workers in between; on a virtual thread those waits go through the carrier
        // pool's scheduler. The same 32-token prompt pass in one JVM, alternated between the two (7 series, medians of
        // 8-30 passes): 2-6% faster on a platform thread in 5 series, equal in 2; the same process CPU time.
        Thread worker = Thread.ofPlatform().name("completion").daemon().start(() -> {
            try {
                produce(completion, rethink);
            } catch (Throwable t) {
                put(new Failed(t));
            }
        });
        RuntimeException clientError = null;
        try {
            while (true) {
                Object e = take();
                if (e instanceof Answer.Piece p) {
                    if (stop.get()) continue;
                    try {
                        answer.piece(p);
                    } catch (RuntimeException ex) {
                        stop.set(true);
                        clientError = ex;
                    }
                } else if (e instanceof Ended done) {
                    if (!stop.get()) answer.end(done.last(), done.end());
                    break;
                } else if (e instanceof Failed f) {
                    if (f.error() instanceof RuntimeException re) throw re;
                    if (f.error() instanceof Error err) throw err;
                    throw new IllegalStateException(f.error());
                }
            }
        } finally {
            stop.set(true);
            joinQuietly(worker);
        }
        if (clientError != null) throw clientError;
    }

    private Object take() {
        try {
            return events.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.set(true);
            throw new IllegalStateException("interrupted while generating", e);
        }
    }

    /** Hands an event to the request's thread, which always takes every event until the last one. */
    private void put(Object event) {
        try {
            events.put(event);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing over output", e);
        }
    }

    private static void joinQuietly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    private void produce(Completion completion, Rethink rethink) {
        Pass first = new Pass(rethink != null);
        CompletionResult r1 = lease.complete(rethink != null ? completion.withFormat(null) : completion, first,
                () -> stop.get() || first.switching || clientGone.getAsBoolean());
        CompletionResult last = r1;
        Pass lastPass = first;
        int promptCount = r1.promptEvalCount(), evalCount = r1.evalCount();
        long promptNanos = r1.promptEvalNanos(), evalNanos = r1.evalNanos();
        if (first.switching && !stop.get() && !clientGone.getAsBoolean()) {
            Pass second = new Pass(false);
            last = lease.complete(completion.withPrompt(rethink.prompt(first.thinking.toString())), second,
                    () -> stop.get() || clientGone.getAsBoolean());
            lastPass = second;
            promptCount += last.promptEvalCount();
            evalCount += last.evalCount();
            promptNanos += last.promptEvalNanos();
            evalNanos += last.evalNanos();
        }
        Answer.Piece tail = piece(parser.finish(), List.of());
        put(new Ended(tail, new Answer.End(last.doneReason(), promptCount, promptNanos, evalCount, evalNanos, lastPass.raw.toString())));
    }

    /** The listener of one completion. */
    private final class Pass implements dev.jollama.server.sched.CompletionListener {
        final boolean unconstrainedUntilAnswer;
        final StringBuilder raw = new StringBuilder();
        final StringBuilder thinking = new StringBuilder();
        volatile boolean switching;

        Pass(boolean unconstrainedUntilAnswer) {
            this.unconstrainedUntilAnswer = unconstrainedUntilAnswer;
        }

        @Override
        public void onToken(String text, Logprob logprob) {
            if (switching) return;
            raw.append(text);
            ParsedOutput out = text.isEmpty() ? ParsedOutput.EMPTY : parser.add(text);
            List<Logprob> lps = logprob == null ? List.of() : List.of(logprob);
            if (unconstrainedUntilAnswer && !out.content().isEmpty()) {
                // the answer starts: keep the thinking, drop the unconstrained answer, and go on with the format
                switching = true;
                thinking.append(out.thinking());
                if (!out.thinking().isEmpty()) put(new Answer.Piece("", out.thinking(), List.of(), List.of()));
                return;
            }
            thinking.append(out.thinking());
            Answer.Piece p = piece(out, lps);
            if (!p.isEmpty()) put(p);
        }
    }

    private static Answer.Piece piece(ParsedOutput out, List<Logprob> logprobs) {
        List<dev.jollama.api.ToolCall> calls = new ArrayList<>();
        for (var c : out.toolCalls()) calls.add(TemplateInputs.apiToolCall(c));
        return new Answer.Piece(out.content(), out.thinking(), calls, logprobs);
    }
}
