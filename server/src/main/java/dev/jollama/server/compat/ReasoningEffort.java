package dev.jollama.server.compat;

import dev.jollama.api.ThinkValue;

/** OpenAI's reasoning effort as Ollama maps it onto {@code think}. */
public final class ReasoningEffort {
    private ReasoningEffort() {}

    /**
     * null or "" leave thinking at the model's default; "none" turns it off; "minimal" is low; low, medium, high
     * and max are themselves; "xhigh" and "ultra" are max; anything else is a 400 with Ollama's text.
     */
    public static ThinkValue think(String effort, String param) {
        if (effort == null) return null;
        return switch (effort) {
            case "" -> null;
            case "none" -> ThinkValue.FALSE;
            case "minimal" -> ThinkValue.level("low");
            case "low", "medium", "high", "max" -> ThinkValue.level(effort);
            case "xhigh", "ultra" -> ThinkValue.level("max");
            default -> throw new InvalidParam(param, "invalid reasoning value: \"" + effort
                    + "\" (must be \"minimal\", \"low\", \"medium\", \"high\", \"xhigh\", \"ultra\", \"max\", or \"none\")");
        };
    }
}
