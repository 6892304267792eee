package dev.jollama.api;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * A tool the model may call (chat {@code tools}); property maps keep their order. The nested records carry the
 * names of Ollama's Go structs, which its decode errors show.
 */
public record Tool(String type, @OmitEmpty JsonNode items, Function function) {

    @JsonTypeName("ToolFunction")
    public record Function(String name, @OmitEmpty String description, Parameters parameters) {
    }

    @JsonTypeName("ToolFunctionParameters")
    public record Parameters(
            String type,
            @OmitEmpty @JsonProperty("$defs") JsonNode defs,
            @OmitEmpty JsonNode items,
            @OmitEmpty List<String> required,
            Map<String, Property> properties) {
    }

    /** A JSON Schema property; {@code type} is a string or a list of strings on the wire. */
    @JsonTypeName("ToolProperty")
    public record Property(
            @OmitEmpty @JsonProperty("anyOf") List<Property> anyOf,
            @OmitEmpty @JsonFormat(with = {JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY, JsonFormat.Feature.WRITE_SINGLE_ELEM_ARRAYS_UNWRAPPED}) List<String> type,
            @OmitEmpty JsonNode items,
            @OmitEmpty String description,
            @OmitEmpty @JsonProperty("enum") List<Object> enumValues,
            @OmitEmpty Map<String, Property> properties,
            @OmitEmpty List<String> required) {
    }
}
