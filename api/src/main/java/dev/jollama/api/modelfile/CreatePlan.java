package dev.jollama.api.modelfile;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.jollama.api.CreateRequest;
import dev.jollama.api.Json;
import dev.jollama.api.Message;
import dev.jollama.api.modelfile.Instruction.Keyword;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * What a Modelfile asks /api/create for, as Ollama's client reads it: a FROM naming an existing path becomes local
 * files to upload (their digests here, keyed by path), otherwise a model name; ADAPTER and DRAFT paths must exist;
 * TEMPLATE, SYSTEM, RENDERER, PARSER, REQUIRES (checked as semver), LICENSE, MESSAGE and PARAMETER are carried
 * over. {@link #request} builds the request once the files are uploaded and named.
 */
public record CreatePlan(
        String from,
        Map<Path, String> files,
        Map<Path, String> adapters,
        Map<Path, String> draftFiles,
        String template,
        String system,
        String renderer,
        String parser,
        String requires,
        List<String> licenses,
        List<Message> messages,
        Map<String, Object> parameters) {

    private static final Pattern SEMVER = Pattern.compile(
            "v(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*)(-[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?(\\+[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?)?)?");

    /**
     * Reads a Modelfile against the directory it lives in, hashing every local file it names.
     *
     * @param warnings gets Ollama's warnings (deprecated parameters)
     */
    public static CreatePlan of(Modelfile modelfile, Path dir, Consumer<String> warnings)
            throws IOException, ModelfileException {
        String from = null;
        Map<Path, String> files = new LinkedHashMap<>();
        Map<Path, String> adapters = new LinkedHashMap<>();
        Map<Path, String> draftFiles = new LinkedHashMap<>();
        List<Path> modelPaths = new ArrayList<>();
        List<Path> draftPaths = new ArrayList<>();
        String template = null, system = null, renderer = null, parser = null, requires = null;
        List<String> licenses = new ArrayList<>();
        List<Message> messages = new ArrayList<>();
        for (Instruction i : modelfile.instructions()) {
            switch (i.keyword()) {
                case FROM -> {
                    Path path = LocalFiles.expand(i.value(), dir);
                    Map<Path, String> digests = LocalFiles.digests(path);
                    if (digests == null) {
                        from = i.value();
                    } else {
                        rejectSame(path, draftPaths);
                        modelPaths.add(path);
                        files.putAll(digests);
                    }
                }
                case DRAFT -> {
                    Path path = LocalFiles.expand(i.value(), dir);
                    rejectSame(path, modelPaths);
                    draftPaths.add(path);
                    draftFiles.putAll(existing(path));
                }
                case ADAPTER -> {
                    adapters.clear();
                    adapters.putAll(existing(LocalFiles.expand(i.value(), dir)));
                }
                case TEMPLATE -> template = i.value();
                case SYSTEM -> system = i.value();
                case RENDERER -> renderer = i.value();
                case PARSER -> parser = i.value();
                case LICENSE -> licenses.add(i.value());
                case MESSAGE -> messages.add(Message.of(i.name(), i.value()));
                case REQUIRES -> {
                    String v = i.value().startsWith("v") ? i.value() : "v" + i.value();
                    if (!SEMVER.matcher(v).matches()) {
                        throw new ModelfileException("requires must be a valid semver (e.g. 0.14.0)");
                    }
                    requires = v.substring(1);
                }
                case PARAMETER -> {}
            }
        }
        Map<String, Object> parameters = Parameters.of(modelfile.instructions(), warnings);
        return new CreatePlan(from, files, adapters, draftFiles, template, system, renderer, parser, requires,
                List.copyOf(licenses), List.copyOf(messages), parameters);
    }

    /**
     * The create request, given the names the uploaded files go by ({@code files}, {@code adapters} and
     * {@code draftFiles} map those names to digests).
     */
    public CreateRequest request(String model, String quantize, Map<String, String> fileNames,
            Map<String, String> adapterNames, Map<String, String> draftNames) {
        ArrayNode license = null;
        if (!licenses.isEmpty()) {
            license = Json.mapper().createArrayNode();
            licenses.forEach(license::add);
        }
        return new CreateRequest(model, null, quantize, null, from, null, emptyToNull(fileNames),
                emptyToNull(draftNames), emptyToNull(adapterNames), template, license, system,
                parameters.isEmpty() ? null : parameters, messages.isEmpty() ? null : messages, renderer, parser,
                requires, null, null, null);
    }

    /**
     * The names uploaded files go by in the request: the file name, or the path relative to the files' common
     * directory when there are several (so a model directory keeps its layout), always with forward slashes.
     */
    public static Map<String, String> named(Map<Path, String> files) {
        Path root = null;
        if (files.size() > 1) {
            for (Path f : files.keySet()) {
                Path dir = f.toAbsolutePath().getParent();
                if (root == null) root = dir;
                while (root != null && !dir.startsWith(root)) root = root.getParent();
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<Path, String> e : files.entrySet()) {
            Path abs = e.getKey().toAbsolutePath();
            String name = root != null ? root.relativize(abs).toString() : abs.getFileName().toString();
            out.put(name.replace('\\', '/'), e.getValue());
        }
        return out;
    }

    private static Map<Path, String> existing(Path path) throws IOException, ModelfileException {
        Map<Path, String> digests = LocalFiles.digests(path);
        if (digests == null) throw new ModelfileException("stat " + path + ": no such file or directory");
        return digests;
    }

    private static void rejectSame(Path path, List<Path> others) throws IOException, ModelfileException {
        for (Path other : others) {
            if (java.nio.file.Files.exists(path) && java.nio.file.Files.exists(other)
                    && path.toRealPath().equals(other.toRealPath())) {
                throw new ModelfileException("DRAFT must not reference the same local path as FROM: " + path);
            }
        }
    }

    private static <K, V> Map<K, V> emptyToNull(Map<K, V> m) {
        return m == null || m.isEmpty() ? null : m;
    }
}
