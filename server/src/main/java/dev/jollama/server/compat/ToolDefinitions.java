package dev.jollama.server.compat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.api.Json;
import dev.jollama.api.Tool;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The function tools of a dialect request: native {@link Tool}s for the prompt, and each tool's parameters schema
 * as sent (every keyword kept) for {@link ForcedToolCall}.
 */
public final class ToolDefinitions {
    private final List<Tool> tools = new ArrayList<>();
    private final Map<String, JsonNode> schemas = new LinkedHashMap<>();
    private final String param;

    public ToolDefinitions(String param) {
        this.param = param;
    }

    /** Adds a function; a parameters schema that is not a JSON Schema object is a 400 naming the tool. */
    public void add(String name, String description, JsonNode parameters) {
        if (name == null || name.isEmpty()) throw new InvalidParam(param, "a tool needs a name");
        Tool.Parameters params = null;
        if (parameters != null && !parameters.isNull()) {
            try {
                params = Json.mapper().treeToValue(parameters, Tool.Parameters.class);
            } catch (JsonProcessingException e) {
                throw invalid(name, e.getOriginalMessage());
            } catch (IllegalArgumentException e) {
                throw invalid(name, e.getMessage());
            }
        }
        tools.add(new Tool("function", null, new Tool.Function(name, description == null || description.isEmpty() ? null : description, params)));
        schemas.put(name, parameters);
    }

    private InvalidParam invalid(String name, String why) {
        return new InvalidParam(param, "invalid parameters schema for tool \"" + name + "\": " + why);
    }

    public List<Tool> tools() {
        return tools;
    }

    public Map<String, JsonNode> schemas() {
        return schemas;
    }
}
