package dev.jollama.engine.model;

import dev.jollama.engine.gguf.GgufFile;
import dev.jollama.engine.tensor.Workers;
import dev.jollama.testing.TestData;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

class ScratchTest {
    @Test
    void stories() throws Exception {
        try (GgufFile f = GgufFile.open(TestData.stories260K()); Workers wk = new Workers(2)) {
            ModelConfig c = ModelConfig.read(f.metadata());
            System.out.println(c);
            ModelWeights w = ModelWeights.load(f, c);
            for (KvCacheType type : KvCacheType.values()) {
                Transformer tr = new Transformer(c, w, wk, 512, 512);
                KvCache cache = KvCache.create(type, c, 512);
                Batch b = new Batch(512);
                int[] prompt = {1, 403, 407, 261, 378};
                for (int i = 0; i < prompt.length; i++) b.add(cache, prompt[i], i == prompt.length - 1);
                tr.forward(b);
                float[] lg = b.logits();
                double max = Double.NEGATIVE_INFINITY; for (int i = 0; i < c.vocabSize(); i++) max = Math.max(max, lg[i]);
                double sum = 0; for (int i = 0; i < c.vocabSize(); i++) sum += Math.exp(lg[i] - max);
                int[] top = {432, 383, 322, 353, 323, 298, 387, 426, 335, 358};
                StringBuilder sb = new StringBuilder(type + " probs:");
                for (int id : top) sb.append(' ').append(Math.exp(lg[id] - max) / sum);
                System.out.println(sb);
                List<Integer> gen = new ArrayList<>();
                for (int s = 0; s < 100; s++) {
                    int best = 0; for (int i = 1; i < c.vocabSize(); i++) if (b.logits()[i] > b.logits()[best]) best = i;
                    gen.add(best);
                    b.clear();
                    b.add(cache, best, true);
                    tr.forward(b);
                }
                System.out.println(type + " " + gen);
            }
        }
    }
}
