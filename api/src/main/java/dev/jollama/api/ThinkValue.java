package dev.jollama.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Set;

/** {@code think}: true, false, or a level "low", "medium", "high", "max". */
public record ThinkValue(Object value) {
    public static final Set<String> LEVELS = Set.of("low", "medium", "high", "max");
    public static final ThinkValue TRUE = new ThinkValue(true);
    public static final ThinkValue FALSE = new ThinkValue(false);

    public ThinkValue {
        if (value instanceof String s) {
            if (!LEVELS.contains(s)) {
                throw new IllegalArgumentException("invalid think value: \"" + s + "\" (must be \"high\", \"medium\", \"low\", \"max\", true, or false)");
            }
        } else if (!(value instanceof Boolean)) {
            throw new IllegalArgumentException("think must be a boolean or string (\"high\", \"medium\", \"low\", \"max\", true, or false)");
        }
    }

    public static ThinkValue level(String level) {
        return new ThinkValue(level);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static ThinkValue fromJson(JsonNode node) {
        if (node.isBoolean()) return node.booleanValue() ? TRUE : FALSE;
        if (node.isTextual()) return new ThinkValue(node.textValue());
        return new ThinkValue(node);
    }

    @JsonValue
    @Override
    public Object value() {
        return value;
    }

    public boolean isBool() {
        return value instanceof Boolean;
    }

    public boolean isString() {
        return value instanceof String;
    }

    /** Whether thinking is on in any way. */
    public boolean enabled() {
        return value instanceof Boolean b ? b : true;
    }

    /** The level: the string itself, "medium" for true, "" for false. */
    public String levelOrDefault() {
        if (value instanceof String s) return s;
        return (Boolean) value ? "medium" : "";
    }
}
