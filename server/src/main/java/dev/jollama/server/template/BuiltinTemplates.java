package dev.jollama.server.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Ollama's built-in Go templates (resources/ollama-templates: NAME.gotmpl, NAME.json with default stop words,
 * index.json mapping known Jinja chat templates to names), and the auto-detection {@code create} uses: the
 * GGUF's {@code tokenizer.chat_template} picks the template whose Jinja is nearest by edit distance, under 100.
 */
public final class BuiltinTemplates {

    private static final String DIR = "/ollama-templates/";
    private static final int MAX_DISTANCE = 100;
    private static final List<String> NAMES = List.of(read("templates.txt").strip().split("\n"));
    private static final List<String[]> INDEX = index();

    private BuiltinTemplates() {
    }

    /** The names of the built-in templates, e.g. "llama3-instruct". */
    public static List<String> names() {
        return NAMES;
    }

    /** The Go template source, normalised to \n line endings. */
    public static Optional<String> source(String name) {
        if (!NAMES.contains(name)) {
            return Optional.empty();
        }
        return Optional.of(read(name + ".gotmpl").replace("\r\n", "\n"));
    }

    public static Optional<OllamaTemplate> template(String name) {
        return source(name).map(OllamaTemplate::parse);
    }

    /** The template's default {@code stop} parameter (empty when it has none). */
    public static List<String> stop(String name) {
        if (!NAMES.contains(name) || BuiltinTemplates.class.getResource(DIR + name + ".json") == null) {
            return List.of();
        }
        try {
            List<String> stop = new ArrayList<>();
            new ObjectMapper().readTree(read(name + ".json")).path("stop").forEach(s -> stop.add(s.asText()));
            return stop;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The built-in template matching a GGUF Jinja chat template, as Ollama's create auto-detects it. */
    public static Optional<String> detect(String jinjaChatTemplate) {
        String best = null;
        int bestScore = MAX_DISTANCE;
        for (String[] entry : INDEX) {
            int d = boundedLevenshtein(jinjaChatTemplate, entry[1], bestScore);
            if (d < bestScore) {
                bestScore = d;
                best = entry[0];
            }
        }
        return Optional.ofNullable(best);
    }

    /** Edit distance over code points, or {@code bound} when it is at least {@code bound} (banded dynamic program). */
    static int boundedLevenshtein(String a, String b, int bound) {
        int[] x = a.codePoints().toArray(), y = b.codePoints().toArray();
        if (Math.abs(x.length - y.length) >= bound) {
            return bound;
        }
        int inf = bound;
        int[] prev = new int[y.length + 1], cur = new int[y.length + 1];
        for (int j = 0; j <= y.length; j++) {
            prev[j] = Math.min(j, inf);
        }
        for (int i = 1; i <= x.length; i++) {
            int lo = Math.max(1, i - bound), hi = Math.min(y.length, i + bound);
            java.util.Arrays.fill(cur, inf);
            cur[0] = Math.min(i, inf);
            int rowMin = cur[0];
            for (int j = lo; j <= hi; j++) {
                int cost = x[i - 1] == y[j - 1] ? 0 : 1;
                int v = Math.min(Math.min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                cur[j] = Math.min(v, inf);
                rowMin = Math.min(rowMin, cur[j]);
            }
            if (rowMin >= bound) {
                return bound;
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return Math.min(prev[y.length], bound);
    }

    private static List<String[]> index() {
        try {
            List<String[]> entries = new ArrayList<>();
            for (JsonNode e : new ObjectMapper().readTree(read("index.json"))) {
                entries.add(new String[] {e.get("name").asText(), e.get("template").asText()});
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(String file) {
        try (InputStream in = BuiltinTemplates.class.getResourceAsStream(DIR + file)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + DIR + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
