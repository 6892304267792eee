package dev.jollama.engine;

import dev.jollama.engine.model.RandomModels;
import dev.jollama.engine.runtime.GenerateRequest;
import dev.jollama.engine.runtime.GenerateResult;
import dev.jollama.engine.runtime.GeneratedToken;
import dev.jollama.engine.runtime.GenerationListener;
import dev.jollama.engine.sampling.SamplingOptions;
import dev.jollama.engine.tensor.GgmlType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A mapped model loads with its matrices in the file's layout and repacks them on a background thread
 * ({@link dev.jollama.engine.model.BackgroundRepack}): generation gives exactly what the synchronous in-place repack
 * gives however early it starts, and closing the model mid-repack stops the thread before the file goes.
 */
class BackgroundRepackTest {
    @TempDir
    Path tmp;

    private static final int[] PROMPT = {1, 403, 407, 261, 378};

    /** Token ids and their log-probabilities of a seeded sampled generation started right after loading. */
    private static List<GeneratedToken> generate(Path file, boolean mmap) throws IOException {
        List<GeneratedToken> out = new ArrayList<>();
        try (LoadedModel m = Engine.load(file, LoadOptions.DEFAULTS.withNumCtx(256).withNumBatch(16).withUseMmap(mmap))) {
            GenerationListener listener = out::add;
            GenerateResult r = m.newSession().generate(GenerateRequest.of(PROMPT).withSampling(SamplingOptions.DEFAULTS.withSeed(42))
                    .withNumPredict(12).withLogprobs(true, 0), listener, () -> false);
            assertThat(r.generatedTokens()).isPositive();
            assertThat(m.isRepacked()).isTrue();
            boolean repacks = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length() == 16; // the grouped layouts' vectors
            for (var layer : m.transformer().weights().layers()) {
                assertThat(layer.ffnDown().data().isMapped()).as("the passes run on the repacked copy, not the mapping").isEqualTo(mmap && !repacks);
            }
        }
        return out;
    }

    @Test
    void firstRequestRunsOnTheRepackedWeights() throws IOException {
        for (GgmlType type : new GgmlType[]{GgmlType.Q4_0, GgmlType.Q4_K}) {
            Path file = tmp.resolve(type + ".gguf");
            RandomModels.writeTyped(type, file);
            List<GeneratedToken> inPlace = generate(file, false);
            assertThat(inPlace).isNotEmpty();
            for (int i = 0; i < 3; i++) {
                List<GeneratedToken> mapped = generate(file, true);
                assertThat(mapped).hasSameSizeAs(inPlace);
                for (int t = 0; t < mapped.size(); t++) {
                    // Same kernels on the same bytes; the last bits may still differ while the JIT moves a kernel
                    // between tiers (as in ContinuousBatchingTest), never by what the file layout's kernels differ by.
                    assertThat(mapped.get(t).id()).as("%s, mapped load %d, token %d", type, i, t).isEqualTo(inPlace.get(t).id());
                    assertThat(mapped.get(t).logprobs().chosen().logprob()).as("%s, mapped load %d, token %d", type, i, t)
                            .isCloseTo(inPlace.get(t).logprobs().chosen().logprob(), org.assertj.core.data.Offset.offset(1e-3f));
                }
            }
        }
    }

    private static long repackThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && t.getName().equals("jollama-repack")).count();
    }

    @Test
    void closingMidRepackStopsItBeforeTheFileGoes() throws IOException {
        Path file = ResidentMemoryTest.bigModel(tmp.resolve("q4.gguf"), GgmlType.Q4_0); // 40 MB: a while to repack on one thread
        LoadOptions options = LoadOptions.DEFAULTS.withNumCtx(256).withNumBatch(16);
        int unfinished = 0;
        for (int i = 0; i < 8; i++) {
            LoadedModel m = Engine.load(file, options);
            if (!m.isRepacked()) unfinished++;
            m.close(); // the repack reads the mapping and writes the file's memory: both go with the file
            assertThat(repackThreads()).as("repack threads alive after close %d", i).isZero();
        }
        System.out.println("closed mid-repack in " + unfinished + " of 8 loads");
        try (LoadedModel m = Engine.load(file, options)) { // and a load that is left to finish still generates
            GenerateResult r = m.newSession().generate(GenerateRequest.of(PROMPT).withSampling(SamplingOptions.GREEDY).withNumPredict(3), t -> {}, () -> false);
            assertThat(r.generatedTokens()).isEqualTo(3);
        }
    }
}
