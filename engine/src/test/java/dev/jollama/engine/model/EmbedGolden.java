package dev.jollama.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A golden file made by {@code src/test/goldens/embed-goldens.mjs}: for each text, the token ids llama.cpp evaluated
 * and its raw pooled embedding, for one model file identified by its SHA-256.
 */
record EmbedGolden(String model, String sha256, List<String> texts, List<int[]> tokenIds, List<float[]> embeddings) {

    static EmbedGolden load(String name) throws IOException {
        try (InputStream in = EmbedGolden.class.getResourceAsStream("/embed/" + name + ".json")) {
            if (in == null) throw new IOException("no golden file embed/" + name + ".json");
            JsonNode n = new ObjectMapper().readTree(in);
            List<String> texts = new ArrayList<>();
            for (JsonNode t : n.get("texts")) texts.add(t.asText());
            List<int[]> ids = new ArrayList<>();
            for (JsonNode a : n.get("token_ids")) {
                int[] x = new int[a.size()];
                for (int i = 0; i < x.length; i++) x[i] = a.get(i).asInt();
                ids.add(x);
            }
            List<float[]> vectors = new ArrayList<>();
            for (JsonNode a : n.get("embeddings")) {
                float[] x = new float[a.size()];
                for (int i = 0; i < x.length; i++) x[i] = (float) a.get(i).asDouble();
                vectors.add(x);
            }
            return new EmbedGolden(n.get("model").asText(), n.get("sha256").asText(), texts, ids, vectors);
        }
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
