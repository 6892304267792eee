package dev.jollama.server.create;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.jollama.api.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Ollama's built-in templates (resources ollama-templates/: index.json, NAME.gotmpl, NAME.json) and its choice of
 * one for a GGUF's Jinja chat template: the entry of index.json at the smallest edit distance, if below 100.
 */
public final class TemplateIndex {
    static final int MAX_DISTANCE = 100;
    private static final String DIR = "/ollama-templates/";

    /** A built-in template: its name, Go template text and default stop sequences (null when it has none). */
    public record Named(String name, String goTemplate, List<String> stop) {}

    private record Entry(int[] jinja, String name) {}

    private static volatile List<Entry> entries;

    public static Named match(String jinja) {
        if (jinja == null || jinja.isEmpty()) return null;
        int[] target = jinja.codePoints().toArray();
        Entry best = null;
        int score = MAX_DISTANCE;
        for (Entry e : entries()) {
            int d = Levenshtein.distance(target, e.jinja, score);
            if (d < score) {
                score = d;
                best = e;
            }
        }
        return best == null ? null : named(best.name);
    }

    public static Named named(String name) {
        String template = resource(name + ".gotmpl");
        if (template == null) throw new IllegalArgumentException("no built-in template " + name);
        template = template.replace("\r\n", "\n");
        String params = resource(name + ".json");
        List<String> stop = null;
        if (params != null) {
            try {
                Map<String, Object> p = Json.mapper().readValue(params, new TypeReference<Map<String, Object>>() {});
                if (p.get("stop") instanceof List<?> l) stop = l.stream().map(String::valueOf).toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new Named(name, template, stop);
    }

    private static List<Entry> entries() {
        if (entries == null) {
            try {
                String index = resource("index.json");
                List<Map<String, String>> raw = Json.mapper().readValue(index, new TypeReference<List<Map<String, String>>>() {});
                List<Entry> list = new ArrayList<>();
                for (Map<String, String> m : raw) list.add(new Entry(m.get("template").codePoints().toArray(), m.get("name")));
                entries = List.copyOf(list);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return entries;
    }

    private static String resource(String name) {
        try (InputStream in = TemplateIndex.class.getResourceAsStream(DIR + name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
