package dev.jollama.engine.sampling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jollama.engine.gguf.GgufFile;
import dev.jollama.engine.model.Batch;
import dev.jollama.engine.model.KvCache;
import dev.jollama.engine.model.KvCacheType;
import dev.jollama.engine.model.ModelConfig;
import dev.jollama.engine.model.ModelWeights;
import dev.jollama.engine.model.Transformer;
import dev.jollama.engine.tensor.Workers;
import dev.jollama.testing.TestData;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random sampling, not just greedy, equals llama.cpp's: on stories260K, llama.cpp's own samplers (top-k, top-p,
 * min-p, temperature, std::mt19937 draw) with a seed produced the tokens in goldens/stories260K.sampled.json
 * (src/test/goldens/sampling-goldens.mjs); our sampler with the same seed and options must produce them too.
 */
class SeededSamplingTest {
    @Test
    void sameSeedAndOptionsGiveLlamaCppsTokens() throws Exception {
        JsonNode golden;
        try (InputStream in = getClass().getResourceAsStream("/goldens/stories260K.sampled.json")) {
            golden = new ObjectMapper().readTree(in);
        }
        try (GgufFile f = GgufFile.open(TestData.stories260K()); Workers workers = new Workers(2)) {
            ModelConfig c = ModelConfig.read(f.metadata());
            Transformer t = new Transformer(c, ModelWeights.load(f, c), workers, 512, 512);
            for (JsonNode cs : golden.get("cases")) {
                JsonNode o = cs.get("options");
                // options llama-server (and node-llama-cpp) leave out are off: typical 1, no penalties
                SamplingOptions options = new SamplingOptions((float) o.get("temperature").asDouble(), o.get("topK").asInt(),
                        (float) o.get("topP").asDouble(), o.has("minP") ? (float) o.get("minP").asDouble() : 0f, 1f, 64, 1f, 0f, 0f,
                        o.get("seed").asLong());
                Sampler sampler = new Sampler(options, c.vocabSize(), 512, null);
                KvCache cache = KvCache.create(KvCacheType.F16, c, 512);
                Batch b = new Batch(512);
                JsonNode prompt = cs.get("prompt_ids");
                for (int i = 0; i < prompt.size(); i++) b.add(cache, prompt.get(i).asInt(), i == prompt.size() - 1);
                List<Integer> expected = new ArrayList<>(), actual = new ArrayList<>();
                for (JsonNode tok : cs.get("tokens")) expected.add(tok.asInt());
                while (actual.size() < expected.size()) {
                    t.forward(b);
                    int token = sampler.sample(b.logits(), 0);
                    sampler.accept(token);
                    actual.add(token);
                    b.clear();
                    b.add(cache, token, true);
                }
                assertThat(actual).as("tokens with %s", o).isEqualTo(expected);
            }
        }
    }
}
