package dev.jollama.server.create;

import dev.jollama.engine.gguf.GgufFile;
import dev.jollama.engine.gguf.GgufMetadata;
import dev.jollama.engine.gguf.GgufTensorInfo;
import dev.jollama.engine.gguf.GgufWriter;
import dev.jollama.server.http.ApiException;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * llama.cpp's split GGUF files (NAME-00001-of-00003.gguf with split.no / split.count metadata), checked as Ollama
 * checks them and merged into one GGUF: the first shard's metadata without the split keys, then every shard's
 * tensors in order. The engine then loads one file like any other.
 */
final class SplitGguf {
    private SplitGguf() {}

    private static final Pattern NAME = Pattern.compile("^(.*)-(\\d{5})-of-(\\d{5})\\.gguf$");

    /** A shard: its file name, the parsed file, and its split.no / split.count. */
    record Shard(String fileName, GgufFile file, int index, int count) {}

    /** The group key of a shard (prefix and count), checking its name against its metadata. */
    static String groupKey(String fileName, int splitNo, int splitCount) {
        String base = fileName.substring(fileName.lastIndexOf('/') + 1);
        Matcher m = NAME.matcher(base);
        if (!m.matches() || Integer.parseInt(m.group(2)) == 0 || Integer.parseInt(m.group(3)) == 0) {
            throw ApiException.badRequest("split GGUF \"" + fileName + "\" must use llama.cpp split filename pattern");
        }
        int index = Integer.parseInt(m.group(2)) - 1, count = Integer.parseInt(m.group(3));
        if (count != splitCount) {
            throw ApiException.badRequest("split GGUF \"" + fileName + "\" filename count " + count + " does not match metadata count " + splitCount);
        }
        if (index != splitNo) {
            throw ApiException.badRequest("split GGUF \"" + fileName + "\" filename index " + index + " does not match metadata index " + splitNo);
        }
        return m.group(1) + ":" + count;
    }

    /** Orders a complete group's shards by index; a missing or doubled shard is a 400. */
    static Shard[] ordered(List<Shard> group) {
        int count = group.get(0).count();
        if (group.size() != count) {
            throw ApiException.badRequest("split GGUF \"" + group.get(0).fileName() + "\" has " + group.size() + " shards, expected " + count);
        }
        Shard[] byIndex = new Shard[count];
        for (Shard s : group) {
            if (s.index() < 0 || s.index() >= count) throw ApiException.badRequest("split GGUF \"" + s.fileName() + "\" has invalid shard index " + s.index());
            if (byIndex[s.index()] != null) throw ApiException.badRequest("split GGUF has duplicate shard index " + s.index());
            byIndex[s.index()] = s;
        }
        return byIndex;
    }

    /** Writes the merged GGUF of these ordered shards. */
    static void merge(Shard[] shards, OutputStream out) throws IOException {
        GgufMetadata first = shards[0].file().metadata();
        String arch = first.getString("general.architecture", "");
        GgufMetadata md = new GgufMetadata();
        for (String key : first.keys()) {
            if (isSplitKey(key, arch)) continue;
            md.put(key, first.type(key), first.raw(key));
        }
        GgufWriter w = new GgufWriter(md);
        for (Shard s : shards) {
            for (GgufTensorInfo t : s.file().tensors().values()) {
                w.addTensor(t.name(), t.type(), t.shape(), GgufWriter.TensorSource.of(s.file().tensorData(t)));
            }
        }
        w.write(out);
    }

    private static boolean isSplitKey(String key, String arch) {
        for (String k : List.of("split.no", "split.count", "split.tensors.count")) {
            if (key.equals(k) || key.equals(arch + "." + k)) return true;
        }
        return false;
    }
}
