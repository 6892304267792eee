package dev.jollama.server.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.jollama.api.Json;
import dev.jollama.server.template.gotmpl.GoFormat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * JSON written byte for byte as Go's encoding/json Encoder writes it: map keys sorted, '<', '>', '&', U+2028 and
 * U+2029 escaped as \\u003c etc., floats in Go's shortest form ("0.7", "1e-7", "1e+21"), one trailing newline.
 * Used for the blobs jollama writes into the store (config, params, messages, manifests), so the same content
 * gets the same digest as when Ollama writes it.
 */
public final class StoreJson {
    private StoreJson() {}

    private static final ObjectMapper MAPPER = create();

    private static ObjectMapper create() {
        ObjectMapper m = Json.mapper().copy();
        m.enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
        m.getFactory().setCharacterEscapes(new GoEscapes());
        SimpleModule floats = new SimpleModule("go-floats");
        floats.addSerializer(Double.class, new FloatSerializer<>(Double.class, false));
        floats.addSerializer(double.class, new FloatSerializer<>(double.class, false));
        floats.addSerializer(Float.class, new FloatSerializer<>(Float.class, true));
        floats.addSerializer(float.class, new FloatSerializer<>(float.class, true));
        m.registerModule(floats);
        return m;
    }

    /** The encoding of {@code value} followed by "\n", as json.NewEncoder(w).Encode(value) writes it. */
    public static byte[] encode(Object value) {
        try {
            return (MAPPER.writeValueAsString(value) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Go's encoding/json float format: 'f' for moderate exponents, else 'e' with a short exponent (1e+21, 1e-7). */
    public static String formatFloat(double value, boolean float32) {
        if (Double.isNaN(value) || Double.isInfinite(value)) throw new IllegalArgumentException("json: unsupported value: " + value);
        // A float32's shortest digits, read back as a double, print as the same digits.
        double d = float32 ? Double.parseDouble(Float.toString((float) value)) : value;
        double abs = Math.abs(d);
        if (abs == 0 || (abs >= 1e-6 && abs < 1e21)) return GoFormat.formatFloat(d, 'f', -1);
        String s = GoFormat.formatFloat(d, 'e', -1);
        int n = s.length();
        if (n >= 4 && s.charAt(n - 4) == 'e' && s.charAt(n - 3) == '-' && s.charAt(n - 2) == '0') {
            s = s.substring(0, n - 2) + s.charAt(n - 1);
        }
        return s;
    }

    private static final class FloatSerializer<T extends Number> extends StdSerializer<T> {
        private final boolean float32;

        FloatSerializer(Class<T> type, boolean float32) {
            super(type);
            this.float32 = float32;
        }

        @Override
        public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeNumber(formatFloat(value.doubleValue(), float32));
        }
    }

    private static final class GoEscapes extends CharacterEscapes {
        private final int[] table;

        GoEscapes() {
            table = standardAsciiEscapesForJSON();
            for (int c = 0; c < 0x20; c++) {
                if (c != '\b' && c != '\t' && c != '\n' && c != '\f' && c != '\r') table[c] = ESCAPE_CUSTOM;
            }
            table['<'] = ESCAPE_CUSTOM;
            table['>'] = ESCAPE_CUSTOM;
            table['&'] = ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return table;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch < 0x20 || ch == '<' || ch == '>' || ch == '&' || ch == 0x2028 || ch == 0x2029) {
                return new SerializedString(String.format("\\u%04x", ch));
            }
            return null;
        }
    }
}
