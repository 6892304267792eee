package dev.jollama.server.model;

import dev.jollama.server.template.OllamaTemplate;
import dev.jollama.server.template.TemplateCapabilities;
import dev.jollama.server.template.gotmpl.GoTemplateException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * A model's capabilities in Ollama's order: the config's own list; from the GGUF, tools/thinking of its Jinja chat
 * template (only when the model has no Go template), embedding (pooling_type) or else completion, vision, audio;
 * vision for a projector layer; tools/insert/thinking from the Go template; thinking for gpt-oss.
 */
public final class Capabilities {
    private static final Logger log = LoggerFactory.getLogger(Capabilities.class);

    private Capabilities() {}

    public static final String COMPLETION = "completion", TOOLS = "tools", INSERT = "insert", VISION = "vision",
            EMBEDDING = "embedding", THINKING = "thinking", AUDIO = "audio";

    /** {@code facts} may be null when the model's GGUF could not be read. */
    public static List<String> of(LocalModel m, ModelFacts facts) {
        List<String> caps = new ArrayList<>();
        if (m.config().capabilities() != null) {
            for (String c : m.config().capabilities()) add(caps, c);
        }
        if (facts != null && m.isGguf()) {
            if (m.template() == null) {
                TemplateCapabilities jinja = TemplateCapabilities.ofJinja(facts.chatTemplate());
                if (jinja.tools()) add(caps, TOOLS);
                if (jinja.thinking()) add(caps, THINKING);
            }
            add(caps, facts.pooling() ? EMBEDDING : COMPLETION);
            if (facts.vision()) add(caps, VISION);
            if (facts.audio()) add(caps, AUDIO);
        }
        if (!m.projectors().isEmpty()) add(caps, VISION);
        if (m.template() != null) {
            TemplateCapabilities t = goTemplate(m.template());
            if (t.tools()) add(caps, TOOLS);
            if (t.insert()) add(caps, INSERT);
            if (t.thinking()) add(caps, THINKING);
        }
        String family = m.config().modelFamily();
        if ("gptoss".equals(family) || "gpt-oss".equals(family)) add(caps, THINKING);
        return caps;
    }

    private static TemplateCapabilities goTemplate(String source) {
        try {
            return TemplateCapabilities.of(OllamaTemplate.parse(source));
        } catch (GoTemplateException e) {
            log.warn("model template contains errors: {}", e.getMessage());
            return TemplateCapabilities.NONE;
        }
    }

    private static void add(List<String> caps, String c) {
        if (!caps.contains(c)) caps.add(c);
    }
}
