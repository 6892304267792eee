package dev.jollama.server.sched;

import dev.jollama.api.Options;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A request's options as Ollama merges them (api.Options.FromMap over api.DefaultOptions): the defaults, then the
 * model's PARAMETERs, then the request's {@code options}. Unknown names are logged and ignored; a value of the
 * wrong JSON type is an {@link IllegalArgumentException} with Ollama's text. Split into what the runner is loaded
 * with ({@link #load}) and what each generation samples with.
 */
public record RunOptions(LoadSettings load, int numKeep, long seed, int numPredict, int topK, float topP, float minP,
                         float typicalP, int repeatLastN, float temperature, float repeatPenalty, float presencePenalty,
                         float frequencyPenalty, List<String> stop) {
    private static final Logger log = LoggerFactory.getLogger(RunOptions.class);

    /** Ollama's context default on a machine without a GPU (the lowest VRAM tier). */
    public static final int DEFAULT_NUM_CTX = 4096;
    /** Multimodal models get at least this much context. */
    public static final int VISION_MIN_NUM_CTX = 2048;

    /**
     * @param envContextLength OLLAMA_CONTEXT_LENGTH, 0 when unset
     * @param contextShift     whether the runner shifts its context when full (the request's {@code shift}, else
     *                         the model's default)
     * @param hasDraft         whether the model carries a draft model (else draft_num_predict defaults to 0)
     * @param vision           whether the model takes images (context at least 2048)
     */
    public static RunOptions resolve(int envContextLength, Map<String, Object> modelParams, Map<String, Object> request,
                                     boolean contextShift, boolean hasDraft, boolean vision) {
        Values v = new Values();
        v.numCtx = envContextLength > 0 ? envContextLength : DEFAULT_NUM_CTX;
        if (modelParams != null) v.apply(modelParams);
        if (request != null) v.apply(request);
        if (!hasDraft && !has(modelParams, "draft_num_predict") && !has(request, "draft_num_predict")) v.draftNumPredict = 0;
        int numCtx = Math.max(v.numCtx, 4);
        if (vision) numCtx = Math.max(numCtx, VISION_MIN_NUM_CTX);
        boolean ctxAuto = !has(request, "num_ctx") && !has(modelParams, "num_ctx") && envContextLength == 0;
        boolean batchAuto = !has(request, "num_batch") && !has(modelParams, "num_batch");
        LoadSettings load = new LoadSettings(numCtx, v.numBatch, v.numGpu, v.mainGpu, v.useMmap, v.numThread, v.draftNumPredict,
                contextShift, ctxAuto, batchAuto);
        return new RunOptions(load, v.numKeep, v.seed, v.numPredict, v.topK, v.topP, v.minP, v.typicalP, v.repeatLastN,
                v.temperature, v.repeatPenalty, v.presencePenalty, v.frequencyPenalty, List.copyOf(v.stop));
    }

    private static boolean has(Map<String, Object> m, String key) {
        return m != null && m.containsKey(key);
    }

    /** api.DefaultOptions, then each layer written over it. */
    private static final class Values {
        int numCtx, numBatch = 512, numGpu = -1, numThread, draftNumPredict = 4;
        Integer mainGpu;
        Boolean useMmap;
        int numKeep = 4, numPredict = -1, topK = 40, repeatLastN = 64;
        long seed = -1;
        float topP = 0.9f, minP, typicalP = 1f, temperature = 0.8f, repeatPenalty = 1f, presencePenalty, frequencyPenalty;
        List<String> stop = List.of();

        void apply(Map<String, Object> layer) {
            for (Map.Entry<String, Object> e : layer.entrySet()) {
                String key = e.getKey();
                Object value = e.getValue();
                if (!Options.KINDS.containsKey(key)) {
                    log.warn("invalid option provided: {}", key);
                    continue;
                }
                if (value == null) continue;
                Options.check(key, value);
                set(key, value);
            }
        }

        private void set(String key, Object value) {
            switch (key) {
                case "num_ctx" -> numCtx = integer(value);
                case "num_batch" -> numBatch = integer(value);
                case "num_gpu" -> numGpu = integer(value);
                case "main_gpu" -> mainGpu = integer(value);
                case "use_mmap" -> useMmap = (Boolean) value;
                case "num_thread" -> numThread = integer(value);
                case "draft_num_predict" -> draftNumPredict = integer(value);
                case "num_keep" -> numKeep = integer(value);
                case "seed" -> seed = ((Number) value).longValue();
                case "num_predict" -> numPredict = integer(value);
                case "top_k" -> topK = integer(value);
                case "top_p" -> topP = ((Number) value).floatValue();
                case "min_p" -> minP = ((Number) value).floatValue();
                case "typical_p" -> typicalP = ((Number) value).floatValue();
                case "repeat_last_n" -> repeatLastN = integer(value);
                case "temperature" -> temperature = ((Number) value).floatValue();
                case "repeat_penalty" -> repeatPenalty = ((Number) value).floatValue();
                case "presence_penalty" -> presencePenalty = ((Number) value).floatValue();
                case "frequency_penalty" -> frequencyPenalty = ((Number) value).floatValue();
                case "stop" -> {
                    List<String> s = new ArrayList<>();
                    for (Object o : (List<?>) value) s.add((String) o);
                    stop = s;
                }
                default -> throw new IllegalStateException("option without a field: " + key);
            }
        }

        /** Go's int(float64): truncated toward zero (JSON numbers arrive as float64 in Ollama). */
        private static int integer(Object value) {
            double d = ((Number) value).doubleValue();
            if (value instanceof Long l) return (int) Math.clamp(l, Integer.MIN_VALUE, Integer.MAX_VALUE);
            return (int) Math.clamp((long) d, Integer.MIN_VALUE, Integer.MAX_VALUE);
        }
    }
}
