package dev.jollama.engine.sampling;

/**
 * Log-probabilities of the raw model distribution (before penalties, temperature and truncation), as llama-server
 * reports them to Ollama: log-softmax over the whole vocabulary.
 */
public final class Logprobs {
    private Logprobs() {}

    /** One token and its log-probability. */
    public record Entry(int token, float logprob) {}

    /** The chosen token's log-probability and the {@code top} most likely alternatives. */
    public record TokenLogprobs(Entry chosen, Entry[] top) {}

    public static TokenLogprobs of(float[] logits, int offset, int vocab, int chosen, int top) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < vocab; i++) max = Math.max(max, logits[offset + i]);
        double sum = 0;
        for (int i = 0; i < vocab; i++) sum += Math.exp(logits[offset + i] - max);
        double logSum = Math.log(sum);
        top = Math.max(0, Math.min(top, vocab));
        int[] best = new int[top];
        int count = 0;
        for (int i = 0; i < vocab && top > 0; i++) {
            float l = logits[offset + i];
            if (count < top) {
                best[count++] = i;
            } else if (l > logits[offset + best[count - 1]]) {
                best[count - 1] = i;
            } else {
                continue;
            }
            for (int j = count - 1; j > 0 && logits[offset + best[j]] > logits[offset + best[j - 1]]; j--) {
                int t = best[j]; best[j] = best[j - 1]; best[j - 1] = t;
            }
        }
        Entry[] entries = new Entry[count];
        for (int i = 0; i < count; i++) entries[i] = entry(logits, offset, best[i], max, logSum);
        return new TokenLogprobs(entry(logits, offset, chosen, max, logSum), entries);
    }

    private static Entry entry(float[] logits, int offset, int token, float max, double logSum) {
        return new Entry(token, (float) (logits[offset + token] - max - logSum));
    }
}
