package dev.jollama.cli.command;

import dev.jollama.api.ShowResponse;
import dev.jollama.api.TensorInfo;
import dev.jollama.api.modelfile.GoText;
import dev.jollama.cli.term.Humanize;
import dev.jollama.cli.term.Table;
import dev.jollama.cli.term.Width;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The tables of {@code jollama show MODEL} (and {@code /show info}): Model, Capabilities, Projector, Parameters, Metadata, Tensors, System, License. */
public final class ShowInfo {
    private ShowInfo() {}

    public static String render(ShowResponse r, boolean verbose) {
        StringBuilder out = new StringBuilder();
        Map<String, Object> info = r.modelInfo();
        List<List<String>> model = new ArrayList<>();
        if (r.remoteHost() != null && !r.remoteHost().isEmpty()) {
            model.add(List.of("", "Remote model", nz(r.remoteModel())));
            model.add(List.of("", "Remote URL", r.remoteHost()));
        }
        String family = r.details() == null ? "" : nz(r.details().family());
        String paramSize = r.details() == null ? "" : nz(r.details().parameterSize());
        if (info != null) {
            String arch = info.get("general.architecture") instanceof String s ? s : "";
            if (!arch.isEmpty()) model.add(List.of("", "architecture", arch));
            String params = !paramSize.isEmpty() ? paramSize
                    : info.get("general.parameter_count") instanceof Number n ? Humanize.number(n.longValue()) : "";
            if (!params.isEmpty()) model.add(List.of("", "parameters", params));
            if (info.get(arch + ".context_length") instanceof Number n) model.add(List.of("", "context length", number(n)));
            if (info.get(arch + ".embedding_length") instanceof Number n) model.add(List.of("", "embedding length", number(n)));
        } else {
            model.add(List.of("", "architecture", family));
            model.add(List.of("", "parameters", paramSize));
        }
        model.add(List.of("", "quantization", r.details() == null ? "" : nz(r.details().quantizationLevel())));
        if (r.requires() != null && !r.requires().isEmpty()) model.add(List.of("", "requires", r.requires()));
        section(out, "Model", model, 30);

        if (r.capabilities() != null && !r.capabilities().isEmpty()) {
            section(out, "Capabilities", r.capabilities().stream().map(c -> List.of("", c)).toList(), 30);
        }
        if (r.projectorInfo() != null) section(out, "Projector", projector(r.projectorInfo()), 30);
        if (r.parameters() != null && !r.parameters().isEmpty()) {
            List<List<String>> rows = new ArrayList<>();
            for (String line : r.parameters().split("\n")) {
                if (line.isEmpty()) continue;
                List<String> row = new ArrayList<>();
                row.add("");
                for (String field : line.strip().split("\\s+")) row.add(field);
                rows.add(row);
            }
            section(out, "Parameters", rows, 30);
        }
        if (info != null && verbose) {
            List<List<String>> rows = new ArrayList<>();
            for (Map.Entry<String, Object> e : new TreeMap<>(info).entrySet()) rows.add(List.of("", e.getKey(), metadata(e.getValue())));
            section(out, "Metadata", rows, 30);
        }
        if (r.tensors() != null && !r.tensors().isEmpty() && verbose) {
            List<List<String>> rows = new ArrayList<>();
            for (TensorInfo t : r.tensors()) rows.add(List.of("", t.name(), t.type(), shape(t.shape())));
            section(out, "Tensors", rows, 30);
        }
        if (r.system() != null && !r.system().isEmpty()) section(out, "System", head(r.system(), 2), 100);
        if (r.license() != null && !r.license().isEmpty()) section(out, "License", head(r.license(), 2), 100);
        return out.toString();
    }

    private static void section(StringBuilder out, String header, List<List<String>> rows, int wrap) {
        out.append("  ").append(header).append('\n');
        Table t = new Table().wrapWidth(wrap);
        rows.forEach(t::row);
        out.append(t.render()).append('\n');
    }

    private static List<List<String>> projector(Map<String, Object> p) {
        List<List<String>> rows = new ArrayList<>();
        String arch = p.get("general.architecture") instanceof String s ? s : "";
        if (!arch.isEmpty()) rows.add(List.of("", "architecture", arch));
        if (p.get("general.parameter_count") instanceof Number n) rows.add(List.of("", "parameters", Humanize.number(n.longValue())));
        for (String[] key : new String[][] {{"embedding_length", "embedding length"}, {"projection_dim", "dimensions"}}) {
            for (String modality : List.of("vision", "audio")) {
                if (p.get(arch + "." + modality + "." + key[0]) instanceof Number n) {
                    rows.add(List.of("", key[1], number(n)));
                    break;
                }
            }
        }
        return rows;
    }

    /** The first n non-blank lines, trimmed, then "..." when there are more. */
    private static List<List<String>> head(String s, int n) {
        List<List<String>> rows = new ArrayList<>();
        int count = 0;
        for (String line : s.split("\n")) {
            String text = line.strip();
            if (text.isEmpty()) continue;
            count++;
            if (count <= n) rows.add(List.of("", text));
        }
        if (count > n) rows.add(List.of("", "..."));
        return rows;
    }

    private static String number(Number n) {
        double d = n.doubleValue();
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : GoText.formatValue(d);
    }

    /** A metadata value as Ollama's -v table shows it; long arrays are cut to about ten columns. */
    static String metadata(Object v) {
        return switch (v) {
            case Boolean b -> b.toString();
            case String s -> s;
            case Number n -> GoText.formatValue(n.doubleValue());
            case List<?> list -> {
                int width = 1;
                int shown = 0;
                for (int i = 0; i < list.size(); i++) {
                    int w = Width.of(goValue(list.get(i))) + (i > 0 ? 2 : 0);
                    if (width + w > 10 && i > 0) break;
                    width += w;
                    shown++;
                }
                String items = String.join(" ", list.subList(0, shown).stream().map(ShowInfo::goValue).toList());
                yield shown < list.size() ? "[" + items + " ...+" + (list.size() - shown) + " more]" : "[" + items + "]";
            }
            case null -> "<nil>";
            default -> v.getClass().getSimpleName();
        };
    }

    private static String goValue(Object o) {
        return o instanceof Number n ? GoText.formatValue(n.doubleValue()) : String.valueOf(o);
    }

    private static String shape(long[] shape) {
        return java.util.Arrays.toString(shape).replace(",", "");
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
