package dev.jollama.server.http;

import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.jollama.api.Json;
import dev.jollama.api.Message;
import io.javalin.http.Context;

import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a JSON request body into an api record as Ollama's handlers do: an empty body is 400 "missing request
 * body"; malformed JSON and values of the wrong type are 400 with a decoder message in Go's words; "null" is an
 * all-default request; field names match whatever their case.
 */
public final class JsonBody {
    private JsonBody() {}

    /** The shared mapper matching field names case-insensitively, as Go's decoder does ({"Model": ...} works). */
    private static final ObjectMapper REQUESTS = ((JsonMapper) Json.mapper()).rebuild()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES).build();

    private static final Pattern UNEXPECTED_CHAR = Pattern.compile("Unexpected character \\('(.+?)' \\(code");
    private static final Pattern TOKEN = Pattern.compile("JsonToken\\.([A-Z_]+)");
    private static final Pattern VALUE_KIND = Pattern.compile("\\b(String|Integer|Floating-point|Boolean|Array|Object) value");
    private static final Pattern UNRECOGNIZED_TOKEN = Pattern.compile("Unrecognized token '(.+?)'");

    public static <T> T read(Context ctx, Class<T> type) {
        byte[] body = ctx.bodyAsBytes();
        return parse(body, type);
    }

    public static <T> T parse(byte[] body, Class<T> type) {
        if (isBlank(body)) throw ApiException.badRequest("missing request body");
        int end;
        try {
            end = GoJsonSyntax.firstValueEnd(body);
        } catch (GoJsonSyntax.Invalid e) {
            throw ApiException.badRequest(e.getMessage());
        }
        String kind = topLevelKind(body);
        if (kind != null) throw ApiException.badRequest("json: cannot unmarshal " + kind + " into Go value of type " + goName(type));
        try {
            T value = REQUESTS.readValue(body, 0, end, type);
            return value != null ? value : REQUESTS.readValue("{}", type);
        } catch (IOException e) {
            throw ApiException.badRequest(describe(e, type));
        }
    }

    /** What the body's (syntactically valid) value is when it cannot be a request object: array, string, ...; else null. */
    private static String topLevelKind(byte[] body) {
        int i = 0;
        while (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' || body[i] == '\t') i++;
        return switch (body[i]) {
            case '{', 'n' -> null;
            case '[' -> "array";
            case '"' -> "string";
            case 't', 'f' -> "bool";
            default -> "number";
        };
    }

    /** The Go type Ollama decodes a request into, e.g. api.GenerateRequest, openai.ChatCompletionRequest. */
    private static String goName(Class<?> type) {
        String pkg = type.getPackageName();
        String prefix = pkg.endsWith(".openai") || pkg.contains(".openai.") ? "openai." : pkg.endsWith(".anthropic") ? "anthropic." : "api.";
        return prefix + goStructName(type);
    }

    /** The Go struct's name: the record's, or the one its {@link JsonTypeName} gives when they differ. */
    private static String goStructName(Class<?> type) {
        JsonTypeName name = type.getAnnotation(JsonTypeName.class);
        return name != null ? name.value() : type.getSimpleName();
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') return false;
        }
        return true;
    }

    /** A Go encoding/json style description of what is wrong with the body. */
    static String describe(IOException e, Class<?> type) {
        if (e instanceof ValueInstantiationException vie && vie.getCause() != null) {
            return vie.getCause().getMessage();
        }
        if (e instanceof JsonEOFException) return "unexpected EOF";
        if (e instanceof JsonParseException pe) {
            String msg = pe.getOriginalMessage();
            Matcher m = UNEXPECTED_CHAR.matcher(msg);
            if (m.find()) return "invalid character '" + m.group(1) + "' looking for beginning of value";
            m = UNRECOGNIZED_TOKEN.matcher(msg);
            if (m.find()) return "invalid character '" + m.group(1).charAt(0) + "' looking for beginning of value";
            if (msg.contains("end-of-input")) return "unexpected EOF";
            return "invalid JSON: " + firstLine(msg);
        }
        if (e instanceof MismatchedInputException mie) {
            if (mie.getCause() instanceof IllegalArgumentException iae) return iae.getMessage();
            return "json: cannot unmarshal " + jsonKind(mie) + " into Go struct field " + innermostStruct(mie, type) + fieldPath(mie)
                    + " of type " + goType(mie.getTargetType());
        }
        if (e instanceof JsonMappingException jme && jme.getCause() instanceof IllegalArgumentException iae) {
            return iae.getMessage();
        }
        if (e instanceof JsonProcessingException jpe) return firstLine(jpe.getOriginalMessage());
        return firstLine(e.getMessage());
    }

    /**
     * The struct Go names in a type error: the innermost one on the field's path, except below a value Go decodes
     * itself (a chat message, a tool's property map), whose error keeps the struct around that value.
     */
    private static String innermostStruct(JsonMappingException e, Class<?> root) {
        Class<?> struct = root;
        for (JsonMappingException.Reference r : e.getPath()) {
            Object from = r.getFrom();
            Class<?> c = from instanceof Class<?> k ? k : from == null ? null : from.getClass();
            if (c == null || c == Message.class || Map.class.isAssignableFrom(c)) break;
            if (r.getFieldName() != null && !Collection.class.isAssignableFrom(c)) struct = c;
        }
        return goStructName(struct);
    }

    /** The dotted field path as Go writes it: struct fields only (no list indexes, no map keys). */
    private static String fieldPath(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            Object from = r.getFrom();
            if (r.getFieldName() != null && !(from instanceof Map<?, ?>) && !(from instanceof Class<?> k && Map.class.isAssignableFrom(k))) {
                sb.append('.').append(r.getFieldName());
            }
        }
        return sb.toString();
    }

    private static String jsonKind(MismatchedInputException e) {
        Matcher m = TOKEN.matcher(e.getOriginalMessage());
        JsonToken t = null;
        if (m.find()) {
            try {
                t = JsonToken.valueOf(m.group(1));
            } catch (IllegalArgumentException ignored) {
                // unknown token name
            }
        }
        if (t == null) {
            Matcher v = VALUE_KIND.matcher(e.getOriginalMessage());
            if (v.find()) {
                return switch (v.group(1)) {
                    case "String" -> "string";
                    case "Integer", "Floating-point" -> "number";
                    case "Boolean" -> "bool";
                    case "Array" -> "array";
                    default -> "object";
                };
            }
        }
        if (t == null && e.getProcessor() instanceof com.fasterxml.jackson.core.JsonParser p) t = p.currentToken();
        if (t == null) return "value";
        return switch (t) {
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "bool";
            case START_ARRAY -> "array";
            case START_OBJECT -> "object";
            default -> "value";
        };
    }

    private static String goType(Class<?> c) {
        if (c == null) return "value";
        if (c == boolean.class || c == Boolean.class) return "bool";
        if (c == String.class) return "string";
        if (c == int.class || c == Integer.class) return "int";
        if (c == long.class || c == Long.class) return "int64";
        if (c == double.class || c == Double.class) return "float64";
        if (c == float.class || c == Float.class) return "float32";
        if (c.isArray() || Collection.class.isAssignableFrom(c)) return "[]" + (c.isArray() ? goType(c.getComponentType()) : "interface {}");
        if (Map.class.isAssignableFrom(c)) return "map[string]interface {}";
        return "api." + c.getSimpleName();
    }

    private static String firstLine(String s) {
        if (s == null) return "invalid request body";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
