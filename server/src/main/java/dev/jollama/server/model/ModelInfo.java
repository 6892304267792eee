package dev.jollama.server.model;

import dev.jollama.api.TensorInfo;
import dev.jollama.engine.gguf.GgufArray;
import dev.jollama.engine.gguf.GgufFile;
import dev.jollama.engine.gguf.GgufMetadata;
import dev.jollama.engine.gguf.GgufTensorInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * /api/show's {@code model_info} and {@code tensors} from a GGUF file: every metadata key but general.name and
 * tokenizer.chat_template, plus general.parameter_count, keys sorted as Go prints a map; arrays longer than five
 * elements become [] unless verbose.
 */
public final class ModelInfo {
    private ModelInfo() {}

    public static final int ELIDED_ARRAY_LENGTH = 5;

    public static Map<String, Object> of(GgufFile f, boolean verbose) {
        GgufMetadata md = f.metadata();
        Map<String, Object> out = new TreeMap<>();
        for (String key : md.keys()) {
            if (key.equals("general.name") || key.equals("tokenizer.chat_template")) continue;
            Object v = md.get(key);
            if (v instanceof GgufArray a && !verbose && a.length() > ELIDED_ARRAY_LENGTH) {
                out.put(key, List.of());
            } else {
                out.put(key, jsonValue(v));
            }
        }
        long params = 0;
        for (GgufTensorInfo t : f.tensors().values()) params += t.elementCount();
        out.put("general.parameter_count", params);
        return out;
    }

    private static Object jsonValue(Object v) {
        if (v instanceof Float x) return new GoNumber(x, true);
        if (v instanceof Double x) return new GoNumber(x, false);
        if (v instanceof GgufArray a) {
            List<Object> list = new ArrayList<>(a.length());
            for (int i = 0; i < a.length(); i++) list.add(jsonValue(a.get(i)));
            return list;
        }
        return v;
    }

    public static List<TensorInfo> tensors(GgufFile f) {
        List<TensorInfo> out = new ArrayList<>(f.tensors().size());
        for (GgufTensorInfo t : f.tensors().values()) out.add(new TensorInfo(t.name(), t.type().name(), t.shape().clone()));
        return out;
    }
}
