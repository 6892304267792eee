package dev.jollama.server.compat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.api.Tool;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which tool use a request allows or demands, whatever the dialect spells it as (OpenAI's {@code tool_choice}
 * "auto"/"none"/"required"/named function, Anthropic's auto/none/any/tool). Ollama ignores it; jollama honours it:
 * NONE offers the model no tools, REQUIRED and a named function constrain the output to one call of an allowed
 * tool ({@link ForcedToolCall}).
 */
public record ToolChoice(Mode mode, String function) {

    public enum Mode { AUTO, NONE, REQUIRED }

    public static final ToolChoice AUTO = new ToolChoice(Mode.AUTO, null);
    public static final ToolChoice NONE = new ToolChoice(Mode.NONE, null);
    public static final ToolChoice REQUIRED = new ToolChoice(Mode.REQUIRED, null);

    public static ToolChoice named(String function) {
        return new ToolChoice(Mode.REQUIRED, function);
    }

    /**
     * OpenAI's spelling: "none", "auto", "required", or a function named as chat completions name it
     * ({@code {"type":"function","function":{"name":...}}}) or as the Responses API does ({@code {"type":"function","name":...}}).
     */
    public static ToolChoice fromOpenAi(JsonNode c) {
        if (c == null || c.isNull()) return AUTO;
        if (c.isTextual()) {
            return switch (c.textValue()) {
                case "auto" -> AUTO;
                case "none" -> NONE;
                case "required" -> REQUIRED;
                default -> throw new InvalidParam("tool_choice", "invalid tool_choice: \"" + c.textValue() + "\" (must be \"none\", \"auto\", \"required\" or a function)");
            };
        }
        String name = c.path("function").path("name").asText(c.path("name").asText(""));
        if (!c.path("type").asText("").equals("function") || name.isEmpty()) {
            throw new InvalidParam("tool_choice", "invalid tool_choice: expected \"none\", \"auto\", \"required\" or {\"type\":\"function\",...} with a name");
        }
        return named(name);
    }

    /** The tools to show the model: none for NONE, else all (a named choice still shows the others as context). */
    public List<Tool> offered(List<Tool> tools) {
        return mode == Mode.NONE ? List.of() : tools;
    }

    /**
     * The constraint for REQUIRED or a named function, null otherwise. {@code schemas} holds each tool's parameters
     * schema as the client sent it (with every keyword, which {@link Tool} does not keep); {@code param} names the
     * request field for errors.
     */
    public ForcedToolCall forcing(List<Tool> tools, Map<String, JsonNode> schemas, String param) {
        if (mode != Mode.REQUIRED) return null;
        List<Tool> allowed = new ArrayList<>();
        for (Tool t : tools) {
            if (function == null || function.equals(t.function().name())) allowed.add(t);
        }
        if (allowed.isEmpty()) {
            throw new InvalidParam(param, function == null ? "tool_choice requires a tool call but the request has no tools"
                    : "tool_choice names the function '" + function + "', which is not among the request's tools");
        }
        List<ForcedToolCall.Choice> choices = new ArrayList<>();
        for (Tool t : allowed) choices.add(new ForcedToolCall.Choice(t.function().name(), schemas.get(t.function().name())));
        return new ForcedToolCall(choices);
    }
}
