package dev.jollama.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;

/**
 * {@code keep_alive} (Go's api.Duration): a JSON number of seconds (negative = forever) or a Go duration string
 * ("5m", "-1h", "0"; a bare "3600" is an error). Forever is held as Long.MAX_VALUE nanoseconds, as Ollama does.
 */
public record KeepAlive(Duration duration) {
    public static final KeepAlive FOREVER = new KeepAlive(Duration.ofNanos(Long.MAX_VALUE));
    public static final KeepAlive DEFAULT = new KeepAlive(Duration.ofMinutes(5));

    public KeepAlive {
        if (duration == null) throw new IllegalArgumentException("keep_alive needs a duration");
    }

    public static KeepAlive ofSeconds(double seconds) {
        return seconds < 0 ? FOREVER : new KeepAlive(Duration.ofNanos((long) (seconds * 1e9)));
    }

    /** Go duration syntax; negative means forever. */
    public static KeepAlive parse(String goDuration) {
        long nanos = GoDuration.parse(goDuration);
        return nanos < 0 ? FOREVER : new KeepAlive(Duration.ofNanos(nanos));
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static KeepAlive fromJson(JsonNode node) {
        if (node.isNumber()) return ofSeconds(node.doubleValue());
        if (node.isTextual()) return parse(node.textValue());
        throw new IllegalArgumentException("Unsupported type: '" + goTypeName(node) + "'");
    }

    private static String goTypeName(JsonNode node) {
        if (node.isBoolean()) return "bool";
        if (node.isArray()) return "[]interface {}";
        if (node.isObject()) return "map[string]interface {}";
        return node.getNodeType().toString().toLowerCase();
    }

    public long nanos() {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    public boolean isForever() {
        return nanos() == Long.MAX_VALUE;
    }

    /** As Go marshals it: -1 for a negative duration, else the duration string. */
    @JsonValue
    Object toJson() {
        return duration.isNegative() ? (Object) (-1) : GoDuration.format(nanos());
    }

    @Override
    public String toString() {
        return GoDuration.format(nanos());
    }
}
