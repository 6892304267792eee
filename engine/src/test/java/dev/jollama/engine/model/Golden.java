package dev.jollama.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jollama.testing.TestData;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A golden file made by {@code src/test/goldens/oracle-goldens.mjs}: llama.cpp's greedy continuation of a prompt with
 * the ten most likely next tokens at each step, for one model file identified by its SHA-256.
 */
record Golden(String model, String sha256, int context, int[] promptIds, List<Step> steps) {

    record Candidate(int id, double p) {}

    record Step(int token, List<Candidate> top) {}

    static Golden load(String name) throws IOException {
        try (InputStream in = Golden.class.getResourceAsStream("/goldens/" + name + ".json")) {
            if (in == null) throw new IOException("no golden file goldens/" + name + ".json");
            JsonNode n = new ObjectMapper().readTree(in);
            List<Step> steps = new ArrayList<>();
            for (JsonNode s : n.get("steps")) {
                List<Candidate> top = new ArrayList<>();
                for (JsonNode c : s.get("top")) top.add(new Candidate(c.get("id").asInt(), c.get("p").asDouble()));
                steps.add(new Step(s.get("token").asInt(), top));
            }
            int[] prompt = new int[n.get("prompt_ids").size()];
            for (int i = 0; i < prompt.length; i++) prompt[i] = n.get("prompt_ids").get(i).asInt();
            return new Golden(n.get("model").asText(), n.get("sha256").asText(), n.get("context").asInt(), prompt, steps);
        }
    }

    static String sha256(Path file) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buf = new byte[1 << 20];
                for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Fails unless {@code file} is exactly the model the goldens were made from. */
    void checkSameModel(Path file) throws IOException {
        String actual = sha256(file);
        if (!actual.equals(sha256)) {
            throw new AssertionError("the regenerated " + model + " model (SHA-256 " + actual + ") is not the one the goldens were made from ("
                    + sha256 + "): the random model generator changed; rerun engine/src/test/goldens/make-goldens.sh");
        }
    }

    static Path root() {
        return TestData.root();
    }
}
