package dev.jollama.server.generate;

import dev.jollama.server.model.LocalModel;
import dev.jollama.server.template.OllamaTemplate;

// PENDING: replaced by /tmp/chat_pending/JinjaPromptFormat.java when the templates helper's Jinja lands
final class JinjaPromptFormat {
    static PromptFormat of(LocalModel m, String chatTemplate) {
        return new GoPromptFormat(OllamaTemplate.DEFAULT, false);
    }
}
