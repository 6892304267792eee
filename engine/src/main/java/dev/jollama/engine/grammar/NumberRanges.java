package dev.jollama.engine.grammar;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Grammars of the decimal numbers inside bounds, for JSON Schema's minimum/maximum/exclusiveMinimum/exclusiveMaximum:
 * integers as digit-range alternatives (e.g. 17..342 is {@code 1[7-9] | [2-9][0-9] | [12][0-9][0-9] | 3[0-3][0-9]
 * | 34[0-2]}), and decimals (number type) as an integer part range plus, at the two boundary integers, a fraction
 * compared digit by digit. Unbounded sides stop at 16 integer digits and 16 fraction digits; bounded numbers are
 * written without exponent. Both are valid JSON and satisfy the bounds exactly.
 */
final class NumberRanges {
    private static final int MAX_DIGITS = 16;
    private static final BigInteger UNBOUNDED = BigInteger.TEN.pow(MAX_DIGITS).subtract(BigInteger.ONE);
    private static final Expr DIGIT = Expr.CharClass.of('0', '9');
    private static final Expr DIGITS = Expr.repeat(DIGIT, 0, MAX_DIGITS);

    private NumberRanges() {}

    /** Integers x with min <= x <= max (a null bound is open; exclusive bounds are strict); null when there are none. */
    static Expr integer(BigDecimal min, boolean minExclusive, BigDecimal max, boolean maxExclusive) {
        BigInteger lo = min == null ? UNBOUNDED.negate()
                : minExclusive ? min.setScale(0, RoundingMode.FLOOR).toBigIntegerExact().add(BigInteger.ONE)
                : min.setScale(0, RoundingMode.CEILING).toBigIntegerExact();
        BigInteger hi = max == null ? UNBOUNDED
                : maxExclusive ? max.setScale(0, RoundingMode.CEILING).toBigIntegerExact().subtract(BigInteger.ONE)
                : max.setScale(0, RoundingMode.FLOOR).toBigIntegerExact();
        if (lo.compareTo(hi) > 0) return null;
        List<Expr> parts = new ArrayList<>();
        if (lo.signum() < 0) {
            BigInteger from = hi.signum() < 0 ? hi.negate() : BigInteger.ONE;
            parts.add(Expr.seq(Expr.lit("-"), nonNegative(from, lo.negate())));
        }
        if (hi.signum() >= 0) parts.add(nonNegative(lo.max(BigInteger.ZERO), hi));
        return Expr.alt(parts);
    }

    /** Decimal numbers x (JSON "number") within the bounds; null when there are none. */
    static Expr decimal(BigDecimal min, boolean minExclusive, BigDecimal max, boolean maxExclusive) {
        if (min != null && max != null) {
            int c = min.compareTo(max);
            if (c > 0 || c == 0 && (minExclusive || maxExclusive)) return null;
        }
        List<Expr> parts = new ArrayList<>();
        // negative values: magnitude m = -x, from above 0 (or -max) up to -min
        if (min == null || min.signum() < 0) {
            boolean fromZero = max == null || max.signum() >= 0;
            Expr m = magnitude(fromZero ? BigDecimal.ZERO : max.negate(), fromZero || maxExclusive,
                    min == null ? null : min.negate(), minExclusive);
            if (m != null) parts.add(Expr.seq(Expr.lit("-"), m));
        }
        // non-negative values
        if (max == null || max.signum() > 0 || max.signum() == 0 && !maxExclusive) {
            boolean fromZero = min == null || min.signum() < 0;
            Expr m = magnitude(fromZero ? BigDecimal.ZERO : min, !fromZero && minExclusive, max, maxExclusive);
            if (m != null) parts.add(m);
        }
        return parts.isEmpty() ? null : Expr.alt(parts);
    }

    /** Non-negative numbers between a and b (b null: unbounded), written I or I.F. */
    private static Expr magnitude(BigDecimal a, boolean aExclusive, BigDecimal b, boolean bExclusive) {
        BigInteger ai = a.setScale(0, RoundingMode.FLOOR).toBigIntegerExact();
        String af = fraction(a);
        List<Expr> parts = new ArrayList<>();
        if (b == null) {
            parts.add(withFraction(integerLiteral(ai), aExclusive ? gt(af) : geq(af)));
            if (ai.compareTo(UNBOUNDED) < 0) parts.add(withFraction(nonNegative(ai.add(BigInteger.ONE), UNBOUNDED), Lang.ANY));
        } else {
            BigInteger bi = b.setScale(0, RoundingMode.FLOOR).toBigIntegerExact();
            String bf = fraction(b);
            if (ai.equals(bi)) {
                parts.add(withFraction(integerLiteral(ai), between(af, aExclusive, bf, bExclusive)));
            } else {
                parts.add(withFraction(integerLiteral(ai), aExclusive ? gt(af) : geq(af)));
                if (bi.subtract(ai).compareTo(BigInteger.ONE) > 0)
                    parts.add(withFraction(nonNegative(ai.add(BigInteger.ONE), bi.subtract(BigInteger.ONE)), Lang.ANY));
                parts.add(withFraction(integerLiteral(bi), bExclusive ? lt(bf) : leq(bf)));
            }
        }
        parts.removeIf(java.util.Objects::isNull);
        return parts.isEmpty() ? null : Expr.alt(parts);
    }

    /** Integer literal of a non-negative integer, refusing ones too long to generate. */
    private static Expr integerLiteral(BigInteger i) {
        return Expr.lit(i.toString());
    }

    /** The fraction digits of a non-negative decimal, without trailing zeros ("" for an integer). */
    private static String fraction(BigDecimal d) {
        BigDecimal f = d.subtract(new BigDecimal(d.setScale(0, RoundingMode.FLOOR).toBigIntegerExact())).stripTrailingZeros();
        if (f.signum() == 0) return "";
        String s = f.toPlainString();
        return s.substring(s.indexOf('.') + 1);
    }

    /** A set of fraction digit strings F: the non-empty ones as an expression (null: none), and whether "" is in it. */
    private record Lang(Expr nonEmpty, boolean empty) {
        static final Lang ANY = new Lang(Expr.repeat(DIGIT, 1, MAX_DIGITS), true);
        static final Lang NONE = new Lang(null, false);
    }

    private static Expr withFraction(Expr integerPart, Lang f) {
        if (integerPart == null) return null;
        List<Expr> options = new ArrayList<>();
        if (f.empty) options.add(Expr.EMPTY);
        if (f.nonEmpty != null) options.add(Expr.seq(Expr.lit("."), f.nonEmpty));
        return options.isEmpty() ? null : Expr.seq(integerPart, Expr.alt(options));
    }

    /** Digit c followed by a string of {@code rest}. */
    private static Lang prefixed(char c, Lang rest) {
        if (rest.nonEmpty == null && !rest.empty) return Lang.NONE;
        Expr tail = rest.nonEmpty == null ? Expr.EMPTY : rest.empty ? Expr.opt(rest.nonEmpty) : rest.nonEmpty;
        return new Lang(Expr.seq(Expr.lit(String.valueOf(c)), tail), false);
    }

    /** Any digit in [from, to] followed by any digits; null when the range is empty. */
    private static Expr anyFrom(char from, char to) {
        return from > to ? null : Expr.seq(Expr.CharClass.of(from, to), DIGITS);
    }

    private static Lang union(Lang a, Lang b) {
        List<Expr> options = new ArrayList<>();
        if (a.nonEmpty != null) options.add(a.nonEmpty);
        if (b.nonEmpty != null) options.add(b.nonEmpty);
        return new Lang(options.isEmpty() ? null : Expr.alt(options), a.empty || b.empty);
    }

    private static Lang of(Expr e) {
        return e == null ? Lang.NONE : new Lang(e, false);
    }

    /** Fractions F with 0.F >= 0.s. */
    private static Lang geq(String s) {
        if (s.isEmpty()) return Lang.ANY;
        char c = s.charAt(0);
        return union(of(anyFrom((char) (c + 1), '9')), prefixed(c, geq(s.substring(1))));
    }

    /** Fractions F with 0.F > 0.s. */
    private static Lang gt(String s) {
        if (s.isEmpty()) {
            Expr zeros = Expr.repeat(Expr.lit("0"), 0, MAX_DIGITS - 1);
            return of(Expr.seq(zeros, Expr.CharClass.of('1', '9'), DIGITS));
        }
        char c = s.charAt(0);
        return union(of(anyFrom((char) (c + 1), '9')), prefixed(c, gt(s.substring(1))));
    }

    /** Fractions F with 0.F <= 0.s. */
    private static Lang leq(String s) {
        if (s.isEmpty()) return new Lang(Expr.repeat(Expr.lit("0"), 1, MAX_DIGITS), true);
        char c = s.charAt(0);
        return union(new Lang(anyFrom('0', (char) (c - 1)), true), prefixed(c, leq(s.substring(1))));
    }

    /** Fractions F with 0.F < 0.s. */
    private static Lang lt(String s) {
        if (s.isEmpty()) return Lang.NONE;
        char c = s.charAt(0);
        return union(new Lang(anyFrom('0', (char) (c - 1)), true), prefixed(c, lt(s.substring(1))));
    }

    /** Fractions between 0.lo and 0.hi (lo < hi), each end inclusive or not. */
    private static Lang between(String lo, boolean loExclusive, String hi, boolean hiExclusive) {
        if (hi.isEmpty()) return loExclusive || !lo.isEmpty() || hiExclusive ? Lang.NONE : new Lang(Expr.repeat(Expr.lit("0"), 1, MAX_DIGITS), true);
        char l = lo.isEmpty() ? '0' : lo.charAt(0), h = hi.charAt(0);
        String loRest = lo.isEmpty() ? "" : lo.substring(1), hiRest = hi.substring(1);
        boolean empty = lo.isEmpty() && !loExclusive;
        Lang result;
        if (l == h) {
            result = prefixed(l, between(loRest, loExclusive, hiRest, hiExclusive));
        } else {
            result = union(prefixed(l, loExclusive ? gt(loRest) : geq(loRest)), of(anyFrom((char) (l + 1), (char) (h - 1))));
            result = union(result, prefixed(h, hiExclusive ? lt(hiRest) : leq(hiRest)));
        }
        return new Lang(result.nonEmpty, empty);
    }

    /** Non-negative integers in [a, b], without leading zeros. */
    static Expr nonNegative(BigInteger a, BigInteger b) {
        List<Expr> parts = new ArrayList<>();
        int la = a.toString().length(), lb = b.toString().length();
        for (int len = la; len <= lb; len++) {
            BigInteger low = len == 1 ? BigInteger.ZERO : BigInteger.TEN.pow(len - 1);
            BigInteger high = BigInteger.TEN.pow(len).subtract(BigInteger.ONE);
            parts.add(digitRange(a.max(low).toString(), b.min(high).toString()));
        }
        return Expr.alt(parts);
    }

    /** Digit strings of one length between lo and hi inclusive. */
    private static Expr digitRange(String lo, String hi) {
        if (lo.isEmpty()) return Expr.EMPTY;
        if (lo.equals(hi)) return Expr.lit(lo);
        char a = lo.charAt(0), b = hi.charAt(0);
        String loRest = lo.substring(1), hiRest = hi.substring(1);
        if (a == b) return Expr.seq(Expr.lit(String.valueOf(a)), digitRange(loRest, hiRest));
        int n = loRest.length();
        List<Expr> parts = new ArrayList<>();
        char from = a, to = b;
        if (!loRest.chars().allMatch(c -> c == '0')) {
            parts.add(Expr.seq(Expr.lit(String.valueOf(a)), digitRange(loRest, "9".repeat(n))));
            from++;
        }
        Expr last = null;
        if (!hiRest.chars().allMatch(c -> c == '9')) {
            last = Expr.seq(Expr.lit(String.valueOf(b)), digitRange("0".repeat(n), hiRest));
            to--;
        }
        if (from <= to) parts.add(Expr.seq(Expr.CharClass.of(from, to), Expr.repeat(DIGIT, n, n)));
        if (last != null) parts.add(last);
        return Expr.alt(parts);
    }
}
