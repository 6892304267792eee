package dev.jollama.api;

/** Go's time.ParseDuration and Duration.String, on int64 nanoseconds, with Go's error messages. */
public final class GoDuration {
    private GoDuration() {}

    private static final long NS = 1, US = 1_000, MS = 1_000_000, S = 1_000_000_000L, M = 60 * S, H = 60 * M;

    /** Parses "300ms", "-1.5h", "2h45m"; a bare number other than 0 is an error, as in Go. */
    public static long parse(String s) {
        String orig = s;
        boolean neg = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            neg = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) return 0;
        if (s.isEmpty()) throw invalid(orig);
        long total = 0;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            long whole = 0;
            boolean overflow = false;
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                if (whole > (Long.MAX_VALUE - 9) / 10) overflow = true;
                else whole = whole * 10 + (s.charAt(i) - '0');
                i++;
            }
            boolean hadWhole = i > start;
            long frac = 0, scale = 1;
            boolean hadFrac = false;
            if (i < s.length() && s.charAt(i) == '.') {
                i++;
                int fs = i;
                while (i < s.length() && Character.isDigit(s.charAt(i))) {
                    if (scale <= Long.MAX_VALUE / 10 / 10) {
                        frac = frac * 10 + (s.charAt(i) - '0');
                        scale *= 10;
                    }
                    i++;
                }
                hadFrac = i > fs;
            }
            if (!hadWhole && !hadFrac) throw invalid(orig);
            if (overflow) throw invalid(orig);
            int us = i;
            while (i < s.length() && s.charAt(i) != '.' && !Character.isDigit(s.charAt(i))) i++;
            if (us == i) throw new IllegalArgumentException("time: missing unit in duration " + quote(orig));
            String u = s.substring(us, i);
            long unit = switch (u) {
                case "ns" -> NS;
                case "us", "µs", "μs" -> US;
                case "ms" -> MS;
                case "s" -> S;
                case "m" -> M;
                case "h" -> H;
                default -> throw new IllegalArgumentException("time: unknown unit " + quote(u) + " in duration " + quote(orig));
            };
            if (whole > Long.MAX_VALUE / unit) throw invalid(orig);
            long v = whole * unit;
            if (frac > 0) v += (long) (frac * ((double) unit / scale));
            if (v < 0) throw invalid(orig);
            total += v;
            if (total < 0) throw invalid(orig);
        }
        return neg ? -total : total;
    }

    private static IllegalArgumentException invalid(String s) {
        return new IllegalArgumentException("time: invalid duration " + quote(s));
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Formats like Go: "5m0s", "1h0m0s", "1.5s", "300ms", "0s". */
    public static String format(long nanos) {
        if (nanos == 0) return "0s";
        boolean neg = nanos < 0;
        // Long.MIN_VALUE has no positive counterpart; work on the unsigned magnitude.
        long u = neg ? -nanos : nanos;
        StringBuilder out = new StringBuilder();
        if (Long.compareUnsigned(u, S) < 0) {
            String unit;
            long div;
            if (u < US) { unit = "ns"; div = 1; }
            else if (u < MS) { unit = "µs"; div = US; }
            else { unit = "ms"; div = MS; }
            out.append(fraction(u, div)).append(unit);
        } else {
            long hours = Long.divideUnsigned(u, H);
            long rest = Long.remainderUnsigned(u, H);
            long minutes = rest / M;
            long secNanos = rest % M;
            if (hours > 0) out.append(Long.toUnsignedString(hours)).append('h');
            if (hours > 0 || minutes > 0) out.append(minutes).append('m');
            out.append(fraction(secNanos, S)).append('s');
        }
        return neg ? "-" + out : out.toString();
    }

    private static String fraction(long v, long div) {
        long whole = v / div, rem = v % div;
        if (rem == 0) return Long.toString(whole);
        int digits = Long.toString(div).length() - 1;
        String f = String.format("%0" + digits + "d", rem);
        int end = f.length();
        while (f.charAt(end - 1) == '0') end--;
        return whole + "." + f.substring(0, end);
    }
}
