package dev.jollama.server.compat.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.jollama.api.ChatRequest;
import dev.jollama.api.Tool;
import dev.jollama.server.compat.ForcedToolCall;
import dev.jollama.server.compat.InvalidParam;
import dev.jollama.server.compat.NativeOptions;
import dev.jollama.server.compat.ReasoningEffort;
import dev.jollama.server.compat.ToolChoice;
import dev.jollama.server.compat.ToolDefinitions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A chat completion request as a native chat request, field by field as Ollama's middleware maps it, plus what
 * Ollama leaves out: max_completion_tokens, tool_choice, n checked, the extra Ollama options.
 */
final class ChatCompletionTranslation {
    private ChatCompletionTranslation() {}

    /** The native request and what the answer's translation needs to know. */
    record Call(ChatRequest request, ForcedToolCall forced, boolean stream, boolean includeUsage) {}

    static Call toNative(ChatCompletionRequest r) {
        if (r.messages() == null || r.messages().isEmpty()) throw new InvalidParam("messages", "[] is too short - 'messages'");
        if (r.n() != null && r.n() != 1) {
            throw new InvalidParam("n", "n = " + r.n() + " is not supported: jollama answers one choice per request (n must be 1)");
        }
        NativeOptions options = NativeOptions.from(r.options(), r.numCtx())
                .set("num_predict", r.maxCompletionTokens() != null ? r.maxCompletionTokens() : r.maxTokens())
                .set("seed", r.seed())
                .set("temperature", r.temperature())
                .set("top_p", r.topP())
                .set("frequency_penalty", r.frequencyPenalty())
                .set("presence_penalty", r.presencePenalty())
                .set("stop", stops(r.stop()))
                .orDefault("temperature", 1.0)
                .orDefault("top_p", 1.0);
        ToolDefinitions defs = tools(r.tools());
        ToolChoice choice = ToolChoice.fromOpenAi(r.toolChoice());
        ForcedToolCall forced = choice.forcing(defs.tools(), defs.schemas(), "tool_choice");
        JsonNode format = forced != null ? forced.format() : format(r.responseFormat());
        String effort = r.reasoning() != null && r.reasoning().effort() != null ? r.reasoning().effort() : r.reasoningEffort();
        List<Tool> offered = choice.offered(defs.tools());
        ChatRequest req = new ChatRequest(r.model(), ChatMessages.toNative(r.messages()), true, format, r.keepAlive(),
                offered.isEmpty() ? null : offered, options.map(), ReasoningEffort.think(effort, "reasoning_effort"), null, null,
                r.debugRenderOnly(), r.logprobs() != null && r.logprobs(), r.topLogprobs() == null ? 0 : r.topLogprobs());
        return new Call(req, forced, r.stream(), r.streamOptions() != null && r.streamOptions().includeUsage());
    }

    /** {@code stop}: a string or a list of strings. */
    static List<String> stops(JsonNode stop) {
        if (stop == null || stop.isNull()) return null;
        if (stop.isTextual()) return List.of(stop.textValue());
        if (!stop.isArray()) throw new InvalidParam("stop", "invalid type for 'stop' field: " + OpenAiInputs.goType(stop));
        List<String> out = new ArrayList<>();
        for (JsonNode s : stop) {
            if (!s.isTextual()) throw new InvalidParam("stop", "invalid type for 'stop' field: " + OpenAiInputs.goType(s));
            out.add(s.textValue());
        }
        return out;
    }

    /** json_object is JSON mode; json_schema its schema (JSON mode without one); text is no format. */
    private static JsonNode format(ChatCompletionRequest.ResponseFormat f) {
        if (f == null || f.type() == null) return null;
        return switch (f.type().strip().toLowerCase(Locale.ROOT)) {
            case "text", "" -> null;
            case "json_object" -> TextNode.valueOf("json");
            case "json_schema" -> f.jsonSchema() == null || f.jsonSchema().schema() == null || f.jsonSchema().schema().isNull()
                    ? TextNode.valueOf("json") : f.jsonSchema().schema();
            default -> throw new InvalidParam("response_format", "invalid response_format type: \"" + f.type()
                    + "\" (must be \"text\", \"json_object\" or \"json_schema\")");
        };
    }

    private static ToolDefinitions tools(List<JsonNode> tools) {
        ToolDefinitions defs = new ToolDefinitions("tools");
        if (tools == null) return defs;
        for (JsonNode t : tools) {
            String type = t.path("type").asText("function");
            if (!type.equals("function")) throw new InvalidParam("tools", "unsupported tool type \"" + type + "\": only function tools are supported");
            JsonNode f = t.path("function");
            defs.add(f.path("name").asText(null), f.path("description").asText(null), f.get("parameters"));
        }
        return defs;
    }

}
