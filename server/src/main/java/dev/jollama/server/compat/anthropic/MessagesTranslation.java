package dev.jollama.server.compat.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.api.ChatRequest;
import dev.jollama.api.Json;
import dev.jollama.api.ThinkValue;
import dev.jollama.api.Tool;
import dev.jollama.server.compat.ForcedToolCall;
import dev.jollama.server.compat.InvalidParam;
import dev.jollama.server.compat.NativeOptions;
import dev.jollama.server.compat.ToolChoice;
import dev.jollama.server.compat.ToolDefinitions;

import java.util.List;
import java.util.Locale;

/**
 * A Messages request as a native chat request, as Ollama maps it: max_tokens is num_predict; temperature, top_p,
 * top_k and stop_sequences pass as options (no defaults); {@code thinking} enabled/disabled is think true/false,
 * else {@code output_config.effort} a think level; tools take their input_schema. Plus tool_choice honoured.
 */
final class MessagesTranslation {
    private MessagesTranslation() {}

    record Call(ChatRequest request, ForcedToolCall forced, int estimatedInputTokens) {}

    /** For /v1/messages: model, a positive max_tokens and messages are required, with Ollama's texts. */
    static Call messages(MessagesRequest r) {
        if (r.model() == null || r.model().isEmpty()) throw new InvalidParam("model", "model is required");
        if (r.maxTokens() == null || r.maxTokens() <= 0) throw new InvalidParam("max_tokens", "max_tokens is required and must be positive");
        if (r.messages() == null || r.messages().isEmpty()) throw new InvalidParam("messages", "messages is required");
        return toNative(r, false);
    }

    /** For /v1/messages/count_tokens: the same conversation rendered only (no max_tokens needed). */
    static Call countTokens(MessagesRequest r) {
        if (r.model() == null || r.model().isEmpty()) throw new InvalidParam("model", "model is required");
        if (r.messages() == null || r.messages().isEmpty()) throw new InvalidParam("messages", "messages is required");
        return toNative(r, true);
    }

    private static Call toNative(MessagesRequest r, boolean renderOnly) {
        NativeOptions options = NativeOptions.from(r.options(), r.numCtx())
                .set("num_predict", r.maxTokens())
                .set("temperature", r.temperature())
                .set("top_p", r.topP())
                .set("top_k", r.topK())
                .set("stop", r.stopSequences() == null || r.stopSequences().isEmpty() ? null : r.stopSequences());
        ToolDefinitions defs = new ToolDefinitions("tools");
        if (r.tools() != null) {
            for (JsonNode t : r.tools()) {
                // web search runs on Ollama's cloud, which jollama does not have: the model is not offered it
                if (t.path("type").asText("").startsWith("web_search")) continue;
                defs.add(t.path("name").asText(null), t.path("description").asText(null), t.get("input_schema"));
            }
        }
        ToolChoice choice = toolChoice(r.toolChoice());
        ForcedToolCall forced = choice.forcing(defs.tools(), defs.schemas(), "tool_choice");
        List<Tool> offered = choice.offered(defs.tools());
        ChatRequest req = new ChatRequest(r.model(), AnthropicMessages.toNative(r.system(), r.messages()), true,
                forced == null ? null : forced.format(), r.keepAlive(), offered.isEmpty() ? null : offered, options.map(), think(r),
                null, null, renderOnly, false, 0);
        return new Call(req, forced, estimate(r));
    }

    /** thinking enabled/disabled, else output_config.effort ("xhigh" is high) as a level, else the model's default. */
    static ThinkValue think(MessagesRequest r) {
        if (r.thinking() != null && "enabled".equals(r.thinking().type())) return ThinkValue.TRUE;
        if (r.thinking() != null && "disabled".equals(r.thinking().type())) return ThinkValue.FALSE;
        if (r.outputConfig() == null || r.outputConfig().effort() == null) return null;
        String effort = r.outputConfig().effort().strip().toLowerCase(Locale.ROOT);
        if (effort.equals("xhigh")) effort = "high";
        return switch (effort) {
            case "low", "medium", "high", "max" -> ThinkValue.level(effort);
            default -> null;
        };
    }

    /** {"type":"auto"|"any"|"tool"|"none","name":...}: any is a required call, tool a named one. */
    static ToolChoice toolChoice(JsonNode c) {
        if (c == null || c.isNull()) return ToolChoice.AUTO;
        return switch (c.path("type").asText("")) {
            case "auto" -> ToolChoice.AUTO;
            case "none" -> ToolChoice.NONE;
            case "any" -> ToolChoice.REQUIRED;
            case "tool" -> {
                String name = c.path("name").asText("");
                if (name.isEmpty()) throw new InvalidParam("tool_choice", "tool_choice of type \"tool\" needs a name");
                yield ToolChoice.named(name);
            }
            default -> throw new InvalidParam("tool_choice", "invalid tool_choice type: \"" + c.path("type").asText("")
                    + "\" (must be \"auto\", \"any\", \"tool\" or \"none\")");
        };
    }

    /** Ollama's estimate for message_start before the prompt is counted: a token per four characters of the request. */
    static int estimate(MessagesRequest r) {
        int chars = AnthropicMessages.system(r.system()).length();
        for (MessagesRequest.MessageParam m : r.messages()) {
            if (m.content() != null) chars += m.content().isTextual() ? m.content().textValue().length() : Json.write(m.content()).length();
        }
        if (r.tools() != null) {
            for (JsonNode t : r.tools()) chars += Json.write(t).length();
        }
        return chars / 4;
    }
}
