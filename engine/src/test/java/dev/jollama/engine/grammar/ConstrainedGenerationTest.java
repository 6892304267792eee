package dev.jollama.engine.grammar;

import com.networknt.schema.JsonSchema;
import dev.jollama.engine.Engine;
import dev.jollama.engine.LoadOptions;
import dev.jollama.engine.LoadedModel;
import dev.jollama.engine.model.RandomModels;
import dev.jollama.engine.runtime.DoneReason;
import dev.jollama.engine.runtime.GenerateRequest;
import dev.jollama.engine.runtime.GenerateResult;
import dev.jollama.engine.runtime.GeneratedToken;
import dev.jollama.engine.runtime.GenerationListener;
import dev.jollama.engine.runtime.Session;
import dev.jollama.engine.sampling.SamplingOptions;
import dev.jollama.engine.sampling.TokenConstraint;
import dev.jollama.engine.tokenizer.Vocabulary;
import dev.jollama.testing.TestData;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Constrained decoding end to end on real models: every schema of {@code grammar/schemas.json}, and JSON mode, generated
 * through the engine (forward pass, llama.cpp's sampler chain at temperature 1, the grammar's matcher as the sampler's
 * {@link TokenConstraint}) with several seeds, on stories260K (real, pretrained; 512-token SentencePiece),
 * llama-2-tiny-random (Llama 2 SentencePiece, 32k) and random-weight models with the Llama 3 BPE (128k) and Qwen2 BPE
 * (152k) vocabularies. Every output parses and validates, and every generation ends with done reason stop because
 * the grammar completed (or allowed end of generation), never by running out of tokens.
 */
class ConstrainedGenerationTest {
    private static final SamplingOptions TEMPERATURE_1 = SamplingOptions.DEFAULTS.withTemperature(1f);
    /** Tokens the model picks freely (within the grammar) before {@link Closing} steers to the end. */
    private static final int FREE_TOKENS = 24;
    /** Far more than any schema here needs to close after {@link #FREE_TOKENS}: reaching it fails the test. */
    private static final int NUM_PREDICT = 400;

    @TempDir
    static Path dir;

    @TestFactory
    List<DynamicTest> stories260K() throws IOException {
        return everySchema(TestData.stories260K(), "Once upon a time", new long[] {1, 2, 3});
    }

    @TestFactory
    List<DynamicTest> llama2TinyRandom() throws IOException {
        return everySchema(TestData.tinyRandomLlama(), "Answer in JSON:", new long[] {1, 2});
    }

    @TestFactory
    List<DynamicTest> randomLlama3Bpe() throws IOException {
        return everySchema(randomModel("llama3"), "Answer in JSON:", new long[] {1, 2});
    }

    @TestFactory
    List<DynamicTest> randomQwen2Bpe() throws IOException {
        return everySchema(randomModel("qwen2"), "Answer in JSON:", new long[] {1, 2});
    }

    /** The engine tests' random-weight model {@code name} (RandomModels), written once per run. */
    private static Path randomModel(String name) throws IOException {
        Path file = dir.resolve(RandomModels.fileName(name));
        RandomModels.writeArchitecture(name, file);
        return file;
    }

    private static List<DynamicTest> everySchema(Path gguf, String prompt, long[] seeds) throws IOException {
        List<JsonSchemaConformanceTest.SchemaCase> cases = new ArrayList<>(JsonSchemaConformanceTest.cases());
        cases.add(new JsonSchemaConformanceTest.SchemaCase("JSON mode", null, JsonSchemaConformanceTest.JSON.createObjectNode().put("type", "object")));
        List<DynamicTest> tests = new ArrayList<>();
        LoadedModel[] model = new LoadedModel[1];
        for (int i = 0; i < cases.size(); i++) {
            JsonSchemaConformanceTest.SchemaCase c = cases.get(i);
            boolean last = i == cases.size() - 1;
            tests.add(DynamicTest.dynamicTest(c.name(), () -> {
                if (model[0] == null) model[0] = Engine.load(gguf, LoadOptions.DEFAULTS.withNumCtx(512).withNumThread(2));
                try {
                    generateAndValidate(model[0], prompt, c, seeds);
                } finally {
                    if (last) model[0].close();
                }
            }));
        }
        return tests;
    }

    private static void generateAndValidate(LoadedModel model, String prompt, JsonSchemaConformanceTest.SchemaCase c, long[] seeds) {
        Grammar grammar = c.schema() == null ? JsonGrammar.object() : JsonSchemaGrammar.fromSchema(c.schema());
        TokenGrammar tg = TokenGrammar.of(grammar, model.vocabulary());
        JsonSchema validator = JsonSchemaConformanceTest.validator(c.validateWith());
        int[] promptIds = model.tokenizer().encode(prompt, true, true);
        Session session = model.newSession();
        for (long seed : seeds) {
            Closing constraint = new Closing(tg.newMatcher(), model.vocabulary(), FREE_TOKENS);
            StringBuilder text = new StringBuilder();
            GenerateResult r = session.generate(new GenerateRequest(promptIds, TEMPERATURE_1.withSeed(seed), NUM_PREDICT, List.of(), 4,
                    false, 0, constraint, true, true), new GenerationListener() {
                @Override
                public void onToken(GeneratedToken token) {
                    text.append(token.text());
                }

                @Override
                public void onTrailingText(String t) {
                    text.append(t);
                }
            }, () -> false);
            String context = model.path().getFileName() + " seed " + seed + ", " + r.generatedTokens() + " tokens";
            assertThat(r.doneReason()).as("done reason of %s: %s", context, text).isEqualTo(DoneReason.STOP);
            assertThat(constraint.matcher.canEnd()).as(context).isTrue();
            JsonSchemaConformanceTest.assertValid(validator, text.toString(), context);
            if (Boolean.getBoolean("jollama.test.print")) System.out.println(c.name() + " | " + context + " | " + text);
        }
    }

    /**
     * The grammar's matcher as the sampler sees it, except that after {@code freeTokens} tokens it also masks every
     * token that does not spell the start of the output's shortest completion (or, once the output may end, every
     * token but end-of-generation). A random-weight model at temperature 1 almost never closes a string on its own
     * (one right token among 100k), so without this a test would wait for num_predict; the free tokens are the
     * model's own picks within the grammar, and each steered token strictly shortens the way to the end.
     */
    static final class Closing implements TokenConstraint {
        private static final Map<Vocabulary, Map<String, int[]>> BY_BYTES = new HashMap<>();

        final GrammarMatcher matcher;
        private final Vocabulary vocabulary;
        private final int freeTokens;
        private final Map<String, int[]> tokensByBytes;
        private int accepted;

        Closing(GrammarMatcher matcher, Vocabulary vocabulary, int freeTokens) {
            this.matcher = matcher;
            this.vocabulary = vocabulary;
            this.freeTokens = freeTokens;
            synchronized (BY_BYTES) {
                this.tokensByBytes = BY_BYTES.computeIfAbsent(vocabulary, Closing::tokensByBytes);
            }
        }

        @Override
        public void mask(float[] logits) {
            matcher.mask(logits);
            if (accepted < freeTokens) return;
            List<Integer> keep = new ArrayList<>();
            if (matcher.canEnd()) {
                for (int id = 0; id < logits.length; id++) if (vocabulary.isEndOfGeneration(id) && logits[id] > Float.NEGATIVE_INFINITY) keep.add(id);
            } else {
                byte[] completion = shortestCompletion();
                for (int n = 1; n <= completion.length; n++) {
                    for (int id : tokensByBytes.getOrDefault(key(completion, n), new int[0])) if (matcher.allows(id)) keep.add(id);
                }
            }
            if (keep.isEmpty()) return;
            float[] kept = new float[keep.size()];
            for (int i = 0; i < kept.length; i++) kept[i] = logits[keep.get(i)];
            Arrays.fill(logits, Float.NEGATIVE_INFINITY);
            for (int i = 0; i < kept.length; i++) logits[keep.get(i)] = kept[i];
        }

        @Override
        public void accept(int token) {
            matcher.accept(token);
            accepted++;
        }

        @Override
        public boolean isComplete() {
            return matcher.isComplete();
        }

        /** The bytes of one shortest way to complete the output: each byte takes one step closer. */
        private byte[] shortestCompletion() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            GrammarMatcher at = matcher.copy();
            for (int distance = at.minBytesToComplete(); distance > 0; ) {
                GrammarMatcher next = null;
                for (int b = 0; b < 256 && next == null; b++) {
                    GrammarMatcher c = at.copy();
                    if (c.acceptBytes(new byte[] {(byte) b}) && c.minBytesToComplete() < distance) {
                        next = c;
                        out.write(b);
                    }
                }
                if (next == null) throw new AssertionError("no byte brings the output closer to completion");
                at = next;
                distance = at.minBytesToComplete();
            }
            return out.toByteArray();
        }

        private static Map<String, int[]> tokensByBytes(Vocabulary v) {
            Map<String, int[]> map = new HashMap<>();
            for (int id = 0; id < v.size(); id++) {
                byte[] b = v.bytes(id);
                if (b == null || b.length == 0) continue;
                map.merge(key(b, b.length), new int[] {id}, (x, y) -> {
                    int[] z = Arrays.copyOf(x, x.length + 1);
                    z[x.length] = y[0];
                    return z;
                });
            }
            return map;
        }

        private static String key(byte[] b, int n) {
            return new String(b, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }
}
