package dev.jollama.server.compat.openai.responses;

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

import java.util.List;

/**
 * A Responses request as a native chat request, as Ollama maps it (temperature defaults to 1.0, top_p to the
 * model's), plus tool_choice honoured and clear 400s for what a stateless server cannot do.
 */
final class ResponsesTranslation {
    private ResponsesTranslation() {}

    record Call(ChatRequest request, ForcedToolCall forced) {}

    static Call toNative(ResponsesRequest r) {
        if (r.previousResponseId() != null && !r.previousResponseId().isEmpty()) {
            throw new InvalidParam("previous_response_id", "previous_response_id is not supported: jollama's /v1/responses is stateless, send the whole conversation in input");
        }
        if (r.conversation() != null && !r.conversation().isNull()) {
            throw new InvalidParam("conversation", "conversation is not supported: jollama's /v1/responses is stateless, send the whole conversation in input");
        }
        if (r.background()) throw new InvalidParam("background", "background responses are not supported: jollama does not store responses");
        NativeOptions options = NativeOptions.from(r.options(), r.numCtx())
                .set("temperature", r.temperature())
                .set("top_p", r.topP())
                .set("num_predict", r.maxOutputTokens())
                .orDefault("temperature", 1.0);
        ToolDefinitions defs = new ToolDefinitions("tools");
        if (r.tools() != null) {
            for (JsonNode t : r.tools()) addTool(defs, t, "");
        }
        ToolChoice choice = ToolChoice.fromOpenAi(r.toolChoice());
        ForcedToolCall forced = choice.forcing(defs.tools(), defs.schemas(), "tool_choice");
        JsonNode format = forced != null ? forced.format() : format(r.text());
        List<Tool> offered = choice.offered(defs.tools());
        ChatRequest req = new ChatRequest(r.model(), ResponsesInput.toNative(r.instructions(), r.input()), true, format, r.keepAlive(),
                offered.isEmpty() ? null : offered, options.map(),
                ReasoningEffort.think(r.reasoning() == null ? null : r.reasoning().effort(), "reasoning.effort"), null, null, false, false, 0);
        return new Call(req, forced);
    }

    /** A function tool, or a namespace whose member functions are added as "namespace.name". */
    private static void addTool(ToolDefinitions defs, JsonNode t, String prefix) {
        String type = t.path("type").asText("");
        switch (type) {
            case "function" -> {
                String name = t.path("name").asText("");
                defs.add(prefix.isEmpty() || name.startsWith(prefix) ? name : prefix + name, t.path("description").asText(null), t.get("parameters"));
            }
            case "namespace" -> {
                String ns = t.path("name").asText("");
                for (JsonNode member : t.path("tools")) addTool(defs, member, ns.isEmpty() ? prefix : ns + ".");
            }
            default -> throw new InvalidParam("tools", "unsupported tool type \"" + type + "\": jollama runs function tools only"
                    + (type.startsWith("web_search") ? " (web search needs Ollama's cloud)" : ""));
        }
    }


    private static JsonNode format(ResponsesRequest.Text text) {
        if (text == null || text.format() == null || text.format().type() == null) return null;
        ResponsesRequest.Format f = text.format();
        return switch (f.type()) {
            case "text" -> null;
            case "json_object" -> TextNode.valueOf("json");
            case "json_schema" -> f.schema() == null || f.schema().isNull() ? TextNode.valueOf("json") : f.schema();
            default -> throw new InvalidParam("text.format", "invalid text.format type: \"" + f.type()
                    + "\" (must be \"text\", \"json_object\" or \"json_schema\")");
        };
    }
}
