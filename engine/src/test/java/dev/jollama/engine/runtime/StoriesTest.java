package dev.jollama.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jollama.engine.Engine;
import dev.jollama.engine.LoadOptions;
import dev.jollama.engine.LoadedModel;
import dev.jollama.engine.sampling.Logprobs;
import dev.jollama.engine.sampling.SamplingOptions;
import dev.jollama.testing.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** stories260K, a real pretrained model, through the public API, against llama.cpp's answers. */
class StoriesTest {
    static LoadedModel model;
    static JsonNode greedy;

    @BeforeAll
    static void load() throws IOException {
        model = Engine.load(TestData.stories260K(), LoadOptions.DEFAULTS.withNumThread(2));
        greedy = new ObjectMapper().readTree(Files.readString(TestData.repo("models/stories260K.greedy.json")));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static int[] ids(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = array.get(i).asInt();
        return out;
    }

    /** Collects what a generation reports. */
    static final class Collector implements GenerationListener {
        final List<GeneratedToken> tokens = new ArrayList<>();
        final StringBuilder text = new StringBuilder();

        @Override
        public void onToken(GeneratedToken token) {
            tokens.add(token);
            text.append(token.text());
        }

        @Override
        public void onTrailingText(String t) {
            text.append(t);
        }

        int[] ids() {
            return tokens.stream().mapToInt(GeneratedToken::id).toArray();
        }
    }

    @Test
    void greedyContinuationIsLlamaCpps() {
        int[] prompt = model.tokenizer().encode(greedy.get("prompt").asText(), true, true);
        assertThat(prompt).isEqualTo(ids(greedy.get("prompt_ids")));
        Collector out = new Collector();
        GenerateResult r = model.newSession().generate(GenerateRequest.of(prompt).withSampling(SamplingOptions.GREEDY).withNumPredict(100), out, () -> false);
        assertThat(out.ids()).isEqualTo(ids(greedy.get("generated_ids")));
        assertThat(out.text.toString()).isEqualTo(greedy.get("text").asText());
        assertThat(r.doneReason()).isEqualTo(DoneReason.LENGTH);
        assertThat(r.generatedTokens()).isEqualTo(100);
        assertThat(r.promptTokens()).isEqualTo(prompt.length);
        assertThat(r.cachedTokens()).isZero();
    }

    @Test
    void nextTokenProbabilitiesAreLlamaCppsWithin1e4() throws IOException {
        JsonNode probs;
        try (InputStream in = getClass().getResourceAsStream("/goldens/stories260K.probs.json")) {
            probs = new ObjectMapper().readTree(in);
        }
        Collector out = new Collector();
        model.newSession().generate(GenerateRequest.of(ids(probs.get("prompt_ids"))).withSampling(SamplingOptions.GREEDY)
                .withNumPredict(1).withLogprobs(true, 10), out, () -> false);
        Logprobs.TokenLogprobs lp = out.tokens.getFirst().logprobs();
        assertThat(lp.top()).hasSize(10);
        for (int i = 0; i < 10; i++) {
            JsonNode expected = probs.get("top").get(i);
            Logprobs.Entry e = lp.top()[i];
            assertThat(e.token()).as("rank %d", i).isEqualTo(expected.get("id").asInt());
            assertThat(Math.exp(e.logprob())).as("probability of %d", e.token()).isCloseTo(expected.get("p").asDouble(), within(1e-4));
        }
        assertThat(lp.chosen().token()).isEqualTo(432);
    }

    @Test
    void stopStringEndsGenerationAndIsNeverStreamed() {
        int[] prompt = ids(greedy.get("prompt_ids"));
        Collector out = new Collector();
        GenerateResult r = model.newSession().generate(GenerateRequest.of(prompt).withSampling(SamplingOptions.GREEDY)
                .withNumPredict(100).withStop(List.of("Lily", "never")), out, () -> false);
        assertThat(r.doneReason()).isEqualTo(DoneReason.STOP);
        assertThat(out.text.toString()).isEqualTo(", there was a little girl named ");
        for (GeneratedToken t : out.tokens) assertThat(t.text()).doesNotContain("L");
    }

    @Test
    void cancellationStopsAtOnce() {
        Collector out = new Collector();
        GenerateResult r = model.newSession().generate(GenerateRequest.of(ids(greedy.get("prompt_ids"))).withSampling(SamplingOptions.GREEDY),
                out, () -> out.tokens.size() >= 5);
        assertThat(r.doneReason()).isEqualTo(DoneReason.CANCELLED);
        assertThat(out.tokens).hasSize(5);
    }

    @Test
    void aChatGoingOnReusesTheCachedPrefix() {
        int[] prompt = ids(greedy.get("prompt_ids"));
        int[] expected = ids(greedy.get("generated_ids"));
        Session s = model.newSession();
        Collector first = new Collector();
        s.generate(GenerateRequest.of(prompt).withSampling(SamplingOptions.GREEDY).withNumPredict(20), first, () -> false);
        // the next request: the whole conversation so far plus the rest
        int[] next = new int[prompt.length + 20];
        System.arraycopy(prompt, 0, next, 0, prompt.length);
        System.arraycopy(first.ids(), 0, next, prompt.length, 20);
        assertThat(s.cachedPrefix(next)).isEqualTo(prompt.length + 19);
        Collector second = new Collector();
        GenerateResult r = s.generate(GenerateRequest.of(next).withSampling(SamplingOptions.GREEDY).withNumPredict(30), second, () -> false);
        assertThat(r.cachedTokens()).isEqualTo(prompt.length + 19); // all but the last token, whose logits are needed
        assertThat(r.promptEvaluated()).isEqualTo(1);
        int[] all = new int[50];
        System.arraycopy(first.ids(), 0, all, 0, 20);
        System.arraycopy(second.ids(), 0, all, 20, 30);
        assertThat(all).isEqualTo(java.util.Arrays.copyOf(expected, 50));
        // a different prompt drops what it does not share
        Collector third = new Collector();
        GenerateResult r3 = s.generate(GenerateRequest.of(new int[]{1, 403}).withSampling(SamplingOptions.GREEDY).withNumPredict(1), third, () -> false);
        assertThat(r3.cachedTokens()).isEqualTo(1);
    }

    @Test
    void sameSeedSameTextDifferentSeedDifferentText() {
        int[] prompt = ids(greedy.get("prompt_ids"));
        SamplingOptions hot = SamplingOptions.DEFAULTS.withTemperature(1.5f).withSeed(42);
        Collector a = new Collector(), b = new Collector(), c = new Collector();
        model.newSession().generate(GenerateRequest.of(prompt).withSampling(hot).withNumPredict(40), a, () -> false);
        model.newSession().generate(GenerateRequest.of(prompt).withSampling(hot).withNumPredict(40), b, () -> false);
        model.newSession().generate(GenerateRequest.of(prompt).withSampling(hot.withSeed(43)).withNumPredict(40), c, () -> false);
        assertThat(a.ids()).isEqualTo(b.ids());
        assertThat(a.ids()).isNotEqualTo(c.ids());
    }

    @Test
    void kvCacheSizeIsReportedForAFullContext() {
        // stories260K: 5 layers, 4 KV heads of 8, F16, num_ctx = its training context 512
        assertThat(model.contextSize()).isEqualTo(512);
        assertThat(model.kvCacheBytesPerSession()).isEqualTo(2L * 5 * 32 * 512 * 2);
    }

    @Test
    void mmapAndOffHeapLoadingGiveTheSameTokens() throws IOException {
        int[] prompt = ids(greedy.get("prompt_ids"));
        try (LoadedModel offHeap = Engine.load(TestData.stories260K(), LoadOptions.DEFAULTS.withUseMmap(false).withNumBatch(2))) {
            Collector out = new Collector();
            offHeap.newSession().generate(GenerateRequest.of(prompt).withSampling(SamplingOptions.GREEDY).withNumPredict(30), out, () -> false);
            assertThat(out.ids()).isEqualTo(java.util.Arrays.copyOf(ids(greedy.get("generated_ids")), 30));
        }
    }
}
