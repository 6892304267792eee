package dev.jollama.cli.term;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Left-aligned, borderless columns separated by four spaces, as Ollama's CLI prints them with tablewriter: every
 * cell padded to its column's width and followed by the padding (the last header cell by one space), cells
 * longer than the wrap width broken over several lines at spaces with minimal raggedness.
 */
public final class Table {
    private static final String PADDING = "    ";
    private static final int PENALTY = 100_000;

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();
    private int wrapWidth = 30;

    public Table(String... header) {
        this.header = List.of(header);
    }

    /** Cells wider than this wrap at spaces (tablewriter's column width, 30 by default). */
    public Table wrapWidth(int width) {
        this.wrapWidth = width;
        return this;
    }

    public Table row(String... cells) {
        rows.add(Arrays.asList(cells));
        return this;
    }

    public Table row(List<String> cells) {
        rows.add(List.copyOf(cells));
        return this;
    }

    public String render() {
        List<Integer> widths = new ArrayList<>();
        List<List<List<String>>> wrappedRows = new ArrayList<>();
        List<List<String>> wrappedHeader = wrap(header, widths);
        for (List<String> r : rows) wrappedRows.add(wrap(r, widths));
        StringBuilder out = new StringBuilder();
        if (!header.isEmpty()) print(wrappedHeader, widths, true, out);
        for (List<List<String>> r : wrappedRows) print(r, widths, false, out);
        return out.toString();
    }

    private void print(List<List<String>> cells, List<Integer> widths, boolean isHeader, StringBuilder out) {
        int height = cells.stream().mapToInt(List::size).max().orElse(0);
        for (int line = 0; line < height; line++) {
            for (int col = 0; col < cells.size(); col++) {
                List<String> lines = cells.get(col);
                String text = line < lines.size() ? lines.get(line) : "";
                out.append(text).append(" ".repeat(Math.max(0, widths.get(col) - Width.of(text))));
                out.append(isHeader && col == cells.size() - 1 ? " " : PADDING);
            }
            out.append('\n');
        }
    }

    private List<List<String>> wrap(List<String> cells, List<Integer> widths) {
        List<List<String>> out = new ArrayList<>();
        for (int col = 0; col < cells.size(); col++) {
            List<String> lines = wrapCell(cells.get(col) == null ? "" : cells.get(col));
            int w = lines.stream().mapToInt(Width::of).max().orElse(0);
            if (col >= widths.size()) widths.add(w);
            else widths.set(col, Math.max(widths.get(col), w));
            out.add(lines);
        }
        return out;
    }

    /** tablewriter's parseDimension: paragraphs joined and re-wrapped when wider than the wrap width. */
    private List<String> wrapCell(String cell) {
        String[] paragraphs = cell.split("\n", -1);
        int max = Arrays.stream(paragraphs).mapToInt(Width::of).max().orElse(0);
        if (max <= wrapWidth) return List.of(paragraphs);
        return wrapString(String.join(" ", paragraphs), wrapWidth);
    }

    /** Minimal-raggedness line breaking at single spaces; a word longer than the limit raises the limit. */
    static List<String> wrapString(String s, int limit) {
        String[] words = s.replace("\n", " ").split(" ", -1);
        int n = words.length;
        int lim = limit;
        for (String w : words) lim = Math.max(lim, Width.of(w));
        int[] width = new int[n];
        for (int i = 0; i < n; i++) width[i] = Width.of(words[i]);
        int[] cost = new int[n];
        int[] breakAt = new int[n];
        for (int i = n - 1; i >= 0; i--) {
            int all = width[i];
            for (int j = i + 1; j < n; j++) all += 1 + width[j];
            if (all <= lim) {
                cost[i] = 0;
                breakAt[i] = n;
                continue;
            }
            cost[i] = Integer.MAX_VALUE;
            int phrase = width[i];
            for (int j = i + 1; j < n; j++) {
                if (j > i + 1) phrase += 1 + width[j - 1];
                int d = lim - phrase;
                long c = (long) d * d + cost[j] + (phrase > lim ? PENALTY : 0);
                if (c < cost[i]) {
                    cost[i] = (int) Math.min(c, Integer.MAX_VALUE);
                    breakAt[i] = j;
                }
            }
        }
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i = breakAt[i]) lines.add(String.join(" ", Arrays.copyOfRange(words, i, breakAt[i])));
        return lines;
    }
}
