package dev.jollama.server.template;

import java.util.Set;

/**
 * The request's {@code think}: true/false or a level ("low", "medium", "high", "max"). A null ThinkValue means
 * unset. Templates see {@code .Think} ({@link #enabled}), {@code .ThinkLevel} ({@link #level}) and
 * {@code .IsThinkSet}.
 */
public record ThinkValue(Boolean flag, String levelName) {

    public static final Set<String> LEVELS = Set.of("low", "medium", "high", "max");

    public ThinkValue {
        if ((flag == null) == (levelName == null)) {
            throw new IllegalArgumentException("think is either a boolean or a level");
        }
        if (levelName != null && !LEVELS.contains(levelName)) {
            throw new IllegalArgumentException("invalid think level " + levelName);
        }
    }

    public static ThinkValue of(boolean flag) {
        return new ThinkValue(flag, null);
    }

    public static ThinkValue of(String level) {
        return new ThinkValue(null, level);
    }

    public boolean enabled() {
        return flag != null ? flag : true;
    }

    /** The level string: the given level, "medium" for true, "" for false. */
    public String level() {
        if (levelName != null) {
            return levelName;
        }
        return flag ? "medium" : "";
    }
}
