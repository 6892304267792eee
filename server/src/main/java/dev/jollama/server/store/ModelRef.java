package dev.jollama.server.store;

import dev.jollama.server.template.gotmpl.GoFormat;

import java.util.Locale;

/**
 * A model as a request names it, with Ollama's source suffix (internal/modelref): {@code name:local} is the local
 * model {@code name}; {@code name:cloud} and {@code name:tag-cloud} ask for ollama.com's model, which jollama does
 * not reach (cloud is disabled). Surrounding spaces are dropped.
 */
public record ModelRef(String base, Source source) {
    public enum Source { UNSPECIFIED, LOCAL, CLOUD }

    /** What Ollama answers when a cloud model is asked for and cloud is disabled; an operation follows ": ". */
    public static final String CLOUD_DISABLED = "ollama cloud is disabled";
    /** What /api/show and /v1/models/{model} answer (403) for a cloud model. */
    public static final String CLOUD_DETAILS_DISABLED = CLOUD_DISABLED + ": remote model details are unavailable";

    /** An unusable reference; {@link #required()} tells an empty one from one with two suffixes. */
    public static final class Invalid extends RuntimeException {
        private final boolean required;

        Invalid(String message, boolean required) {
            super(message);
            this.required = required;
        }

        /** True when no model was named at all ("model is required"). */
        public boolean required() {
            return required;
        }
    }

    /** Ollama's ParseRef: "model is required" when empty, "use either :local or :cloud, not both" for two suffixes. */
    public static ModelRef parse(String raw) {
        String s = raw == null ? "" : raw.strip();
        if (s.isEmpty()) throw new Invalid("model is required", true);
        ModelRef ref = split(s);
        if (ref.source != Source.UNSPECIFIED && split(ref.base).source != Source.UNSPECIFIED) {
            throw new Invalid("use either :local or :cloud, not both: " + GoFormat.quote(s), false);
        }
        return ref;
    }

    private static ModelRef split(String raw) {
        int i = raw.lastIndexOf(':');
        if (i >= 0) {
            String suffixRaw = raw.substring(i + 1).strip();
            String suffix = suffixRaw.toLowerCase(Locale.ROOT);
            if (suffix.equals("cloud")) return new ModelRef(raw.substring(0, i), Source.CLOUD);
            if (suffix.equals("local")) return new ModelRef(raw.substring(0, i), Source.LOCAL);
            if (!suffixRaw.contains("/") && suffix.endsWith("-cloud")) {
                return new ModelRef(raw.substring(0, i + 1) + suffixRaw.substring(0, suffixRaw.length() - "-cloud".length()), Source.CLOUD);
            }
        }
        return new ModelRef(raw, Source.UNSPECIFIED);
    }

    public boolean cloud() {
        return source == Source.CLOUD;
    }

    /** The model name without the suffix; check {@link ModelName#isValid()}. */
    public ModelName name() {
        return ModelName.parse(base);
    }

    /**
     * The name pull and delete use: a cloud model by its registry stub's name ({@code name:cloud}, or
     * {@code name:tag-cloud} when a tag was given), anything else without its suffix.
     */
    public ModelName pullName() {
        if (!cloud()) return name();
        boolean tagged = base.lastIndexOf(':') > base.lastIndexOf('/');
        return ModelName.parse(base + (tagged ? "-cloud" : ":cloud"));
    }
}
