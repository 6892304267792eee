package dev.jollama.engine.runtime;

import dev.jollama.engine.Engine;
import dev.jollama.engine.LoadOptions;
import dev.jollama.engine.LoadedModel;
import dev.jollama.engine.sampling.SamplingOptions;
import dev.jollama.testing.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Sessions that decode together (one forward pass per step for all of them) give each request what it gets alone:
 * same tokens, same log-probabilities, greedy or seeded, while other sequences' prompts are evaluated in between.
 * On stories260K, a real pretrained model.
 */
class ContinuousBatchingTest {
    static LoadedModel model;

    @BeforeAll
    static void load() throws IOException {
        model = Engine.load(TestData.stories260K(), LoadOptions.DEFAULTS.withNumThread(2).withNumCtx(256));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    record Output(int[] ids, List<Float> logprobs, DoneReason reason, int generated) {}

    static List<GenerateRequest> requests() {
        String[] prompts = {"Once upon a time", "Lily and Ben went to the park. They saw a big", "The cat", "One day, a little girl named"};
        List<GenerateRequest> out = new ArrayList<>();
        for (int i = 0; i < prompts.length; i++) {
            SamplingOptions sampling = i == 2 ? SamplingOptions.GREEDY.withTemperature(0.9f).withSeed(42) : SamplingOptions.GREEDY;
            out.add(GenerateRequest.of(model.tokenizer().encode(prompts[i], true, true)).withSampling(sampling)
                    .withNumPredict(i == 3 ? 7 : 40).withLogprobs(true, 3));
        }
        return out;
    }

    static Output run(Session s, GenerateRequest r) {
        List<Integer> ids = new ArrayList<>();
        List<Float> lps = new ArrayList<>();
        GenerateResult result = s.generate(r, new GenerationListener() {
            @Override
            public void onToken(GeneratedToken t) {
                ids.add(t.id());
                lps.add(t.logprobs().chosen().logprob());
                for (var e : t.logprobs().top()) lps.add(e.logprob());
            }

            @Override
            public void onTrailingText(String text) {}
        }, () -> false);
        return new Output(ids.stream().mapToInt(Integer::intValue).toArray(), lps, result.doneReason(), result.generatedTokens());
    }

    @Test
    void concurrentSequencesGetWhatTheyGetAlone() throws Exception {
        List<GenerateRequest> requests = requests();
        for (GenerateRequest r : requests) run(model.newSession(), r); // warm-up: a cold JVM's vector sums round differently
        // alone: each request twice on its own session, the second time from the cached prompt prefix
        List<List<Output>> alone = new ArrayList<>();
        for (GenerateRequest r : requests) {
            Session s = model.newSession();
            alone.add(List.of(run(s, r), run(s, r)));
        }

        Session[] sessions = model.newSessions(requests.size());
        DecodeBatcher batcher = sessions[0].batcher();
        try (ExecutorService pool = Executors.newFixedThreadPool(requests.size())) {
            for (int round = 0; round < 2; round++) {
                List<CompletableFuture<Output>> together = new ArrayList<>();
                for (int i = 0; i < requests.size(); i++) {
                    Session s = sessions[i];
                    GenerateRequest r = requests.get(i);
                    together.add(CompletableFuture.supplyAsync(() -> run(s, r), pool));
                }
                for (int i = 0; i < requests.size(); i++) {
                    Output a = alone.get(i).get(round), t = together.get(i).get();
                    assertThat(t.ids()).as("request %d, round %d: tokens", i, round).isEqualTo(a.ids());
                    assertThat(t.logprobs()).as("request %d, round %d: log-probabilities", i, round).hasSameSizeAs(a.logprobs());
                    // equal but for the JIT: code compiled while the test runs may sum vector lanes in another order (seen: 1.6e-4)
                    for (int j = 0; j < a.logprobs().size(); j++) {
                        assertThat(t.logprobs().get(j)).as("request %d, round %d: log-probability %d", i, round, j).isCloseTo(a.logprobs().get(j), within(1e-3f));
                    }
                    assertThat(t.reason()).isEqualTo(a.reason());
                }
            }
        }
        long steps = batcher.steps(), passes = batcher.passes();
        // the first token of each request comes from its prompt's pass, every later one from a decode step
        assertThat(steps).as("every decode step went through the batcher").isEqualTo(alone.stream().flatMap(List::stream).mapToInt(o -> o.generated() - 1).sum());
        assertThat(passes).as("passes were shared (%d steps in %d passes)", steps, passes).isLessThan(steps);
        System.out.printf("%d decode steps in %d passes%n", steps, passes);
    }

    @Test
    void aSingleSessionDecodesAlone() {
        assertThat(model.newSessions(1)[0].batcher()).isNull();
    }
}
