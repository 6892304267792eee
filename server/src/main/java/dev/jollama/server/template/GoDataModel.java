package dev.jollama.server.template;

import dev.jollama.server.template.gotmpl.GoFormat;
import dev.jollama.server.template.gotmpl.GoJson;
import dev.jollama.server.template.gotmpl.GoValue;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values Ollama hands its Go templates (template.templateMessage, templateTool, api.ToolProperty, ...), with
 * their field names, printed forms (String methods) and JSON encodings as Go produces them. Tool schemas arrive as
 * JSON trees and are read the way Go's json.Unmarshal fills api.Tool: unknown keys are dropped.
 */
final class GoDataModel {

    private GoDataModel() {
    }

    /** A slice with a String method (templateTools); nil prints "null" as json.Marshal(nil) does. */
    static final class StringerList extends AbstractList<Object> implements GoValue.Stringer, GoValue.JsonMarshaler {
        private final List<?> items;

        StringerList(List<?> items) {
            this.items = items;
        }

        @Override
        public Object get(int i) {
            return items.get(i);
        }

        @Override
        public int size() {
            return items == null ? 0 : items.size();
        }

        @Override
        public String goString() {
            return GoJson.marshal(this);
        }

        @Override
        public Object toJson() {
            return items == null ? null : new ArrayList<Object>(items);
        }
    }

    /** A nil Go slice: empty to templates, {@code null} in JSON. */
    static final class NilSlice extends AbstractList<Object> implements GoValue.JsonMarshaler {
        @Override
        public Object get(int i) {
            throw new IndexOutOfBoundsException(i);
        }

        @Override
        public int size() {
            return 0;
        }

        @Override
        public Object toJson() {
            return null;
        }
    }

    /** A Go map with a String method printing JSON (templateArgs, templateProperties); nil prints "{}". */
    static final class StringerMap extends HashMap<String, Object> implements GoValue.Stringer, GoValue.JsonMarshaler {
        private final boolean nil;

        StringerMap(Map<String, ?> map) {
            super(map == null ? Map.of() : map);
            this.nil = map == null;
        }

        @Override
        public String goString() {
            return nil ? "{}" : GoJson.marshal(new HashMap<>(this));
        }

        @Override
        public Object toJson() {
            return nil ? null : new HashMap<>(this);
        }
    }

    static List<Object> messages(List<ChatMessage> messages) {
        if (messages.isEmpty()) {
            return new NilSlice();
        }
        List<Object> out = new ArrayList<>();
        for (ChatMessage m : messages) {
            out.add(new Message(m));
        }
        return out;
    }

    record Message(ChatMessage m) implements GoValue.Struct, GoValue.JsonMarshaler {
        private static final List<String> FIELDS =
                List.of("Role", "Content", "Thinking", "Images", "ToolCalls", "ToolName", "ToolCallID");

        @Override
        public String goTypeName() {
            return "*template.templateMessage";
        }

        @Override
        public List<String> fieldNames() {
            return FIELDS;
        }

        @Override
        public Object field(String name) {
            return switch (name) {
                case "Role" -> m.role();
                case "Content" -> m.content();
                case "Thinking" -> m.thinking();
                case "Images" -> images();
                case "ToolCalls" -> m.toolCalls().stream().map(c -> (Object) new Call(c)).toList();
                case "ToolName" -> m.toolName();
                case "ToolCallID" -> m.toolCallId();
                default -> throw new NoSuchFieldError(name);
            };
        }

        private List<Object> images() {
            return m.images().stream().map(b -> (Object) bytes(b)).toList();
        }

        @Override
        public Object toJson() {
            GoJson.Ordered o = new GoJson.Ordered();
            for (String f : FIELDS) {
                o.put(f, field(f));
            }
            o.put("Images", m.images().isEmpty() ? null
                    : m.images().stream().map(b -> (Object) Base64.getEncoder().encodeToString(b)).toList());
            o.put("ToolCalls", m.toolCalls().isEmpty() ? null : field("ToolCalls"));
            return o;
        }
    }

    /** A Go []byte as a slice of ints, built only when a template touches it. */
    private static List<Object> bytes(byte[] data) {
        return new AbstractList<>() {
            @Override
            public Object get(int i) {
                return (long) (data[i] & 0xff);
            }

            @Override
            public int size() {
                return data.length;
            }
        };
    }

    record Call(ToolCall c) implements GoValue.Struct, GoValue.JsonMarshaler {
        @Override
        public String goTypeName() {
            return "template.templateToolCall";
        }

        @Override
        public List<String> fieldNames() {
            return List.of("ID", "Function");
        }

        @Override
        public Object field(String name) {
            return switch (name) {
                case "ID" -> c.id();
                case "Function" -> new CallFunction(c);
                default -> throw new NoSuchFieldError(name);
            };
        }

        @Override
        public Object toJson() {
            return new GoJson.Ordered().with("ID", c.id()).with("Function", new CallFunction(c));
        }
    }

    record CallFunction(ToolCall c) implements GoValue.Struct, GoValue.JsonMarshaler {
        @Override
        public String goTypeName() {
            return "template.templateToolCallFunction";
        }

        @Override
        public List<String> fieldNames() {
            return List.of("Index", "Name", "Arguments");
        }

        @Override
        public Object field(String name) {
            return switch (name) {
                case "Index" -> (long) c.index();
                case "Name" -> c.name();
                case "Arguments" -> new StringerMap(c.arguments().isEmpty() ? null : goMap(c.arguments()));
                default -> throw new NoSuchFieldError(name);
            };
        }

        @Override
        public Object toJson() {
            return new GoJson.Ordered().with("Index", field("Index")).with("Name", c.name())
                    .with("Arguments", field("Arguments"));
        }
    }

    static StringerList tools(List<? extends Map<String, ?>> tools) {
        if (tools == null) {
            return new StringerList(null);
        }
        return new StringerList(tools.stream().map(t -> (Object) new Tool(t)).toList());
    }

    /** templateTool: {type, items, function{name, description, parameters{type, $defs, items, required, properties}}}. */
    record Tool(Map<String, ?> json) implements GoValue.Struct, GoValue.Stringer, GoValue.JsonMarshaler {
        @Override
        public String goTypeName() {
            return "template.templateTool";
        }

        @Override
        public List<String> fieldNames() {
            return List.of("Type", "Items", "Function");
        }

        @Override
        public Object field(String name) {
            return switch (name) {
                case "Type" -> string(json.get("type"));
                case "Items" -> goAny(json.get("items"));
                case "Function" -> new ToolFunction(object(json.get("function")));
                default -> throw new NoSuchFieldError(name);
            };
        }

        @Override
        public String goString() {
            return GoJson.marshal(this);
        }

        @Override
        public Object toJson() {
            GoJson.Ordered o = new GoJson.Ordered().with("type", field("Type"));
            Object items = field("Items");
            if (items != null) {
                o.put("items", items);
            }
            return o.with("function", field("Function"));
        }
    }

    record ToolFunction(Map<String, ?> json) implements GoValue.Struct, GoValue.JsonMarshaler {
        @Override
        public String goTypeName() {
            return "template.templateToolFunction";
        }

        @Override
        public List<String> fieldNames() {
            return List.of("Name", "Description", "Parameters");
        }

        @Override
        public Object field(String name) {
            return switch (name) {
                case "Name" -> string(json.get("name"));
                case "Description" -> string(json.get("description"));
                case "Parameters" -> new ToolParameters(object(json.get("parameters")));
                default -> throw new NoSuchFieldError(name);
            };
        }

        @Override
        public Object toJson() {
            return new GoJson.Ordered().with("name", field("Name")).with("description", field("Description"))
                    .with("parameters", field("Parameters"));
        }
    }

    record ToolParameters(Map<String, ?> json) implements GoValue.Struct, GoValue.JsonMarshaler {
        @Override
        public String goTypeName() {
            return "template.templateToolFunctionParameters";
        }

        @Override
        public List<String> fieldNames() {
            return List.of("Type", "Defs", "Items", "Required", "Properties");
        }

        @Override
        public Object field(String name) {
            return switch (name) {
                case "Type" -> string(json.get("type"));
                case "Defs" -> goAny(json.get("$defs"));
                case "Items" -> goAny(json.get("items"));
                case "Required" -> strings(json.get("required"));
                case "Properties" -> {
                    Map<String, ?> props = json.get("properties") instanceof Map<?, ?> m ? object(m) : null;
                    if (props == null) {
                        yield new StringerMap(null);
                    }
                    Map<String, Object> converted = new LinkedHashMap<>();
                    props.forEach((k, v) -> converted.put(k, new ToolProperty(object(v))));
                    yield new StringerMap(converted);
                }
                default -> throw new NoSuchFieldError(name);
            };
        }

        @Override
        public Object toJson() {
            GoJson.Ordered o = new GoJson.Ordered().with("type", field("Type"));
            putIfPresent(o, "$defs", field("Defs"));
            putIfPresent(o, "items", field("Items"));
            putIfPresent(o, "required", field("Required"));
            return o.with("properties", field("Properties"));
        }
    }

    /** api.ToolProperty (no String method: prints as a Go struct). */
    record ToolProperty(Map<String, ?> json) implements GoValue.Struct, GoValue.JsonMarshaler {
        private static final List<String> FIELDS =
                List.of("AnyOf", "Type", "Items", "Description", "Enum", "Properties", "Required");

        @Override
        public String goTypeName() {
            return "api.ToolProperty";
        }

        @Override
        public List<String> fieldNames() {
            return FIELDS;
        }

        @Override
        public Object field(String name) {
            return switch (name) {
                case "AnyOf" -> json.get("anyOf") instanceof List<?> l
                        ? l.stream().map(x -> (Object) new ToolProperty(object(x))).toList() : List.of();
                case "Type" -> new PropertyType(json.get("type"));
                case "Items" -> goAny(json.get("items"));
                case "Description" -> string(json.get("description"));
                case "Enum" -> json.get("enum") instanceof List<?> l ? goAny(l) : List.of();
                case "Properties" -> json.get("properties") instanceof Map<?, ?> m
                        ? new OrderedProperties(object(m)) : new GoValue.Nil("*api.ToolPropertiesMap");
                case "Required" -> strings(json.get("required"));
                case "ToTypeScriptType" -> (GoValue.Function) args -> typeScriptType();
                default -> throw new NoSuchFieldError(name);
            };
        }

        String typeScriptType() {
            @SuppressWarnings("unchecked")
            List<Object> anyOf = (List<Object>) field("AnyOf");
            if (!anyOf.isEmpty()) {
                return String.join(" | ", anyOf.stream().map(p -> ((ToolProperty) p).typeScriptType()).toList());
            }
            List<String> types = new PropertyType(json.get("type")).types;
            if (types.isEmpty()) {
                return "any";
            }
            return String.join(" | ", types.stream().map(GoDataModel::typeScriptType).toList());
        }

        @Override
        public Object toJson() {
            GoJson.Ordered o = new GoJson.Ordered();
            if (json.get("anyOf") instanceof List<?> l && !l.isEmpty()) {
                o.put("anyOf", field("AnyOf"));
            }
            PropertyType type = new PropertyType(json.get("type"));
            if (!type.types.isEmpty()) {
                o.put("type", type);
            }
            putIfPresent(o, "items", field("Items"));
            putIfPresent(o, "description", field("Description"));
            putIfPresent(o, "enum", field("Enum"));
            if (json.get("properties") instanceof Map<?, ?>) {
                o.put("properties", field("Properties"));
            }
            putIfPresent(o, "required", field("Required"));
            return o;
        }
    }

    /** api.ToolPropertiesMap: insertion-ordered in JSON; a struct to templates. */
    record OrderedProperties(Map<String, ?> json) implements GoValue.Struct, GoValue.JsonMarshaler {
        @Override
        public String goTypeName() {
            return "*api.ToolPropertiesMap";
        }

        @Override
        public List<String> fieldNames() {
            return List.of();
        }

        @Override
        public Object field(String name) {
            throw new NoSuchFieldError(name);
        }

        @Override
        public Object toJson() {
            GoJson.Ordered o = new GoJson.Ordered();
            json.forEach((k, v) -> o.put(k, new ToolProperty(object(v))));
            return o;
        }
    }

    /** api.PropertyType: one type or several; String() is the type or "[a b]"; JSON a string or an array. */
    static final class PropertyType extends AbstractList<Object> implements GoValue.Stringer, GoValue.JsonMarshaler {
        private final List<String> types;

        PropertyType(Object json) {
            if (json instanceof String s) {
                types = List.of(s);
            } else if (json instanceof List<?> l) {
                types = l.stream().map(String::valueOf).toList();
            } else {
                types = List.of();
            }
        }

        @Override
        public Object get(int i) {
            return types.get(i);
        }

        @Override
        public int size() {
            return types.size();
        }

        @Override
        public String goString() {
            if (types.isEmpty()) {
                return "";
            }
            return types.size() == 1 ? types.getFirst() : GoFormat.print(new ArrayList<Object>(types));
        }

        @Override
        public Object toJson() {
            return types.size() == 1 ? types.getFirst() : new ArrayList<Object>(types);
        }
    }

    private static String typeScriptType(String jsonType) {
        return switch (jsonType) {
            case "string" -> "string";
            case "number", "integer" -> "number";
            case "boolean" -> "boolean";
            case "array" -> "any[]";
            case "object" -> "Record<string, any>";
            case "null" -> "null";
            default -> "any";
        };
    }

    private static void putIfPresent(GoJson.Ordered o, String key, Object value) {
        boolean empty = value == null || (value instanceof String s && s.isEmpty())
                || (value instanceof List<?> l && l.isEmpty()) || value instanceof GoValue.Nil;
        if (!empty) {
            o.put(key, value);
        }
    }

    private static String string(Object v) {
        return v instanceof String s ? s : "";
    }

    private static List<Object> strings(Object v) {
        if (!(v instanceof List<?> l)) {
            return List.of();
        }
        return l.stream().map(x -> (Object) String.valueOf(x)).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> object(Object v) {
        return v instanceof Map<?, ?> m ? (Map<String, ?>) m : Map.of();
    }

    /** A JSON value decoded into Go's `any`: numbers become float64, objects plain (sorted) maps. */
    static Object goAny(Object v) {
        return switch (v) {
            case null -> null;
            case Number n -> n.doubleValue();
            case Map<?, ?> m -> goMap(m);
            case List<?> l -> {
                List<Object> out = new ArrayList<>();
                for (Object x : l) {
                    out.add(goAny(x));
                }
                yield out;
            }
            default -> v;
        };
    }

    static Map<String, Object> goMap(Map<?, ?> m) {
        Map<String, Object> out = new HashMap<>();
        m.forEach((k, x) -> out.put(String.valueOf(k), goAny(x)));
        return out;
    }
}
