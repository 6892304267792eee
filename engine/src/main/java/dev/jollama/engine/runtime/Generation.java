package dev.jollama.engine.runtime;

import dev.jollama.engine.model.Batch;
import dev.jollama.engine.sampling.Logprobs;
import dev.jollama.engine.sampling.Sampler;
import dev.jollama.engine.tensor.Tensors;
import dev.jollama.engine.tokenizer.StreamingDecoder;
import dev.jollama.engine.tokenizer.Vocabulary;

import java.util.function.BooleanSupplier;

/**
 * One request in flight on one {@link Session}, as a step machine: {@link #fill} puts its next tokens into a batch
 * (a prompt chunk, or the token it sampled last), the caller runs the forward pass, and {@link #consume} samples
 * from the logits it asked for. Because a generation never runs the model itself, a driver can put several
 * generations of one model into the same batch.
 */
final class Generation {
    private final Session session;
    private final GenerateRequest request;
    private final GenerationListener listener;
    private final BooleanSupplier cancelled;
    private final Vocabulary vocabulary;
    private final Sampler sampler;
    private final StreamingDecoder decoder;
    private final TextStream text;
    private final int[] prompt;
    private final int cached;
    private final boolean truncated;
    private final int limit;
    private final long start = System.nanoTime();
    private long promptDone;

    private int fed;
    private int pending = -1;
    private int row = -1;
    private boolean decodeStep;
    private int generated;
    private DoneReason done;

    Generation(Session session, GenerateRequest request, GenerationListener listener, BooleanSupplier cancelled) {
        this.session = session;
        this.request = request;
        this.listener = listener;
        this.cancelled = cancelled;
        this.vocabulary = session.vocabulary();
        int[] p = session.fitPrompt(request);
        this.truncated = p.length != request.prompt().length;
        this.prompt = p;
        this.cached = session.reusePrefix(p);
        this.fed = cached;
        int ctx = session.contextSize();
        this.limit = request.numPredict() < 0 ? 10 * ctx : request.numPredict();
        this.sampler = new Sampler(request.sampling(), vocabulary.size(), ctx, request.constraint());
        sampler.acceptPrompt(p);
        this.decoder = new StreamingDecoder(vocabulary, false);
        this.text = new TextStream(request.stop());
    }

    boolean isDone() {
        return done != null;
    }

    /** Adds this generation's next tokens to the batch, as many as fit; may end the generation instead. */
    void fill(Batch batch) {
        row = -1;
        decodeStep = false;
        if (done == null && cancelled.getAsBoolean()) finish(DoneReason.CANCELLED);
        if (done != null) return;
        if (fed < prompt.length) {
            int end = fed + Tensors.promptChunk(Math.min(prompt.length - fed, batch.capacity() - batch.size()));
            while (fed < end) {
                boolean last = fed == prompt.length - 1;
                int r = session.append(batch, prompt[fed++], last);
                if (last) row = r;
            }
            return;
        }
        if (!session.makeRoom(request, prompt.length)) {
            finish(DoneReason.LENGTH);
            return;
        }
        row = session.append(batch, pending, true);
        decodeStep = true;
    }

    /** Whether the last {@link #fill} added the token sampled last (a decode step, not a prompt chunk). */
    boolean isDecodeStep() {
        return decodeStep;
    }

    /** Reads the logits this generation asked for (if any) and samples the next token. */
    void consume(Batch batch) {
        if (row < 0 || done != null) return;
        if (promptDone == 0) promptDone = System.nanoTime();
        float[] logits = batch.logits();
        int vocab = vocabulary.size();
        int offset = row * vocab;
        int token = sampler.sample(logits, offset);
        Logprobs.TokenLogprobs lp = request.logprobs() ? Logprobs.of(logits, offset, vocab, token, request.topLogprobs()) : null;
        sampler.accept(token);
        generated++;
        if (vocabulary.isEndOfGeneration(token)) {
            finish(DoneReason.STOP);
            return;
        }
        byte[] piece = vocabulary.isControl(token) ? new byte[0] : vocabulary.bytes(token).clone();
        listener.onToken(new GeneratedToken(token, piece, text.push(decoder.push(token)), lp));
        if (text.stopped() || sampler.constraintComplete()) finish(DoneReason.STOP);
        else if (generated >= limit) finish(DoneReason.LENGTH);
        else pending = token;
    }

    /** Ends before the first forward pass when nothing is to be generated. */
    void finishIfNothingToGenerate() {
        if (limit == 0) finish(DoneReason.LENGTH);
    }

    private void finish(DoneReason reason) {
        done = reason;
        String rest = text.push(decoder.flush()) + text.flush();
        if (!rest.isEmpty()) listener.onTrailingText(rest);
    }

    GenerateResult result() {
        long end = System.nanoTime();
        long p = (promptDone == 0 ? end : promptDone) - start;
        return new GenerateResult(done, prompt.length, cached, truncated, generated, p, end - start - p);
    }
}
