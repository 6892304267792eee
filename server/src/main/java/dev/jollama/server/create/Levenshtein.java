package dev.jollama.server.create;

/** Edit distance over code points, computed only up to a limit (a band around the diagonal), so long texts are cheap. */
final class Levenshtein {
    private Levenshtein() {}

    /** The distance between a and b if it is below {@code limit}, else {@code limit}. */
    static int distance(int[] a, int[] b, int limit) {
        if (Math.abs(a.length - b.length) >= limit) return limit;
        if (a.length > b.length) {
            int[] t = a;
            a = b;
            b = t;
        }
        int n = a.length, m = b.length;
        int big = limit;
        int[] prev = new int[m + 1];
        int[] cur = new int[m + 1];
        for (int j = 0; j <= m; j++) prev[j] = Math.min(j, big);
        for (int i = 1; i <= n; i++) {
            int from = Math.max(1, i - limit), to = Math.min(m, i + limit);
            cur[from - 1] = from == 1 ? Math.min(i, big) : big;
            int rowMin = cur[from - 1];
            for (int j = from; j <= to; j++) {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                int v = Math.min(Math.min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                cur[j] = Math.min(v, big);
                rowMin = Math.min(rowMin, cur[j]);
            }
            if (to < m) cur[to + 1] = big;
            if (rowMin >= limit) return limit;
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return Math.min(prev[m], limit);
    }
}
