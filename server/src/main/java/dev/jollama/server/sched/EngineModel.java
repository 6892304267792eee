package dev.jollama.server.sched;

import dev.jollama.api.Logprob;
import dev.jollama.api.TokenLogprob;
import dev.jollama.engine.Engine;
import dev.jollama.engine.LoadOptions;
import dev.jollama.engine.grammar.StructuredOutput;
import dev.jollama.engine.grammar.TokenGrammar;
import dev.jollama.engine.model.KvCacheType;
import dev.jollama.engine.runtime.GenerateRequest;
import dev.jollama.engine.runtime.GenerateResult;
import dev.jollama.engine.runtime.GeneratedToken;
import dev.jollama.engine.runtime.GenerationListener;
import dev.jollama.engine.runtime.Session;
import dev.jollama.engine.sampling.Logprobs;
import dev.jollama.engine.sampling.SamplingOptions;
import dev.jollama.engine.tokenizer.Vocabulary;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A GGUF model on jollama's engine, as the scheduler runs it: the engine's loaded model (mapped weights, one
 * forward pass) and one session (KV cache of num_ctx positions) per parallel slot; with OLLAMA_NUM_PARALLEL above 1
 * the sessions decode together (continuous batching, one forward pass per step for every generating slot). Grammars for {@code format}
 * are compiled against the vocabulary once per format.
 */
final class EngineModel implements LoadedModel {
    private static final int CACHED_GRAMMARS = 8;

    private final dev.jollama.engine.LoadedModel model;
    private final Session[] sessions;
    private final Map<String, TokenGrammar> grammars = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TokenGrammar> eldest) {
            return size() > CACHED_GRAMMARS;
        }
    };

    private EngineModel(dev.jollama.engine.LoadedModel model, Session[] sessions) {
        this.model = model;
        this.sessions = sessions;
    }

    static EngineModel load(Path path, LoadSettings s, int sequences, KvCacheType kvCacheType) throws IOException {
        LoadOptions options = LoadOptions.DEFAULTS.withNumCtx(s.numCtx()).withNumBatch(Math.max(1, s.numBatch()))
                .withNumThread(Math.max(0, s.numThread())).withUseMmap(s.useMmap() == null || s.useMmap()).withKvCacheType(kvCacheType);
        dev.jollama.engine.LoadedModel m = Engine.load(path, options);
        if (!m.canGenerate()) {
            m.close();
            throw new IOException(path.getFileName() + " holds only a vocabulary; it cannot generate");
        }
        return new EngineModel(m, m.newSessions(sequences));
    }

    @Override
    public int sequences() {
        return sessions.length;
    }

    @Override
    public int contextLength() {
        return model.contextSize();
    }

    @Override
    public long sizeBytes() {
        long total = model.fileSize();
        for (Session s : sessions) total += s.cacheBytes();
        return total;
    }

    @Override
    public int[] tokenize(String text, boolean addSpecial) {
        return model.tokenizer().encode(text, addSpecial, true);
    }

    @Override
    public String detokenize(int[] tokens) {
        return model.tokenizer().decode(tokens);
    }

    @Override
    public int cachedPrefix(int slot, int[] prompt) {
        int[] held = sessions[slot].tokens();
        int n = Math.min(held.length, prompt.length), i = 0;
        while (i < n && held[i] == prompt[i]) i++;
        return i;
    }

    @Override
    public CompletionResult complete(int slot, Completion c, CompletionListener listener, BooleanSupplier cancelled) {
        RunOptions o = c.options();
        SamplingOptions sampling = new SamplingOptions(o.temperature(), o.topK(), o.topP(), o.minP(), o.typicalP(), o.repeatLastN(),
                o.repeatPenalty(), o.presencePenalty(), o.frequencyPenalty(), o.seed());
        GenerateRequest req = new GenerateRequest(c.prompt(), sampling, o.numPredict(), o.stop(), o.numKeep(), c.logprobs(),
                c.topLogprobs(), c.format() == null ? null : grammar(c.format()).newMatcher(), c.shift(), c.truncate());
        Vocabulary vocab = model.vocabulary();
        GenerationListener l = new GenerationListener() {
            @Override
            public void onToken(GeneratedToken t) {
                listener.onToken(t.text(), t.logprobs() == null ? null : logprob(vocab, t.logprobs(), c.topLogprobs() > 0));
            }

            @Override
            public void onTrailingText(String text) {
                listener.onToken(text, null);
            }
        };
        GenerateResult r;
        try {
            r = sessions[slot].generate(req, l, cancelled);
        } catch (dev.jollama.engine.runtime.PromptTooLongException e) {
            throw new PromptTooLongException();
        }
        return new CompletionResult(r.doneReason().ollamaName, r.promptEvaluated(), r.promptNanos(), r.generatedTokens(), r.generateNanos());
    }

    private TokenGrammar grammar(String format) {
        synchronized (grammars) {
            TokenGrammar g = grammars.get(format);
            if (g == null) {
                g = TokenGrammar.of(StructuredOutput.grammar(format).orElseThrow(), model.vocabulary());
                grammars.put(format, g);
            }
            return g;
        }
    }

    /** Ollama's logprob shape: the token's text and bytes, and the alternatives when top_logprobs was asked. */
    private static Logprob logprob(Vocabulary vocab, Logprobs.TokenLogprobs lp, boolean withTop) {
        List<TokenLogprob> top = null;
        if (withTop) {
            top = new ArrayList<>();
            for (Logprobs.Entry e : lp.top()) top.add(new TokenLogprob(text(vocab, e.token()), e.logprob(), bytes(vocab, e.token())));
        }
        int id = lp.chosen().token();
        return new Logprob(text(vocab, id), lp.chosen().logprob(), bytes(vocab, id), top);
    }

    private static String text(Vocabulary vocab, int id) {
        return new String(vocab.bytes(id), StandardCharsets.UTF_8);
    }

    private static List<Integer> bytes(Vocabulary vocab, int id) {
        byte[] b = text(vocab, id).getBytes(StandardCharsets.UTF_8);
        List<Integer> out = new ArrayList<>(b.length);
        for (byte x : b) out.add(x & 0xff);
        return out.isEmpty() ? null : out;
    }

    @Override
    public void close() {
        model.close();
    }
}
