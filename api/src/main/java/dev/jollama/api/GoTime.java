package dev.jollama.api;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Timestamps as Go's time.Time marshals them: RFC 3339 with up to nine fraction digits, trailing zeros dropped,
 * and "Z" for UTC (e.g. {@code 2024-05-09T17:21:45.4991Z}, {@code 2024-05-09T10:21:45-07:00}).
 */
public final class GoTime {
    private GoTime() {}

    /** Marks an {@link OffsetDateTime} field to be written and read in Go's format. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
    @JacksonAnnotationsInside
    @JsonSerialize(using = Serializer.class)
    @JsonDeserialize(using = Deserializer.class)
    public @interface Format {
    }

    /** Go's zero time, what an unset time.Time marshals as. */
    public static final OffsetDateTime ZERO = OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    public static String format(OffsetDateTime t) {
        StringBuilder s = new StringBuilder(35);
        int year = t.getYear();
        if (year < 0 || year > 9999) s.append(year);
        else s.append(String.format("%04d", year));
        s.append(String.format("-%02d-%02dT%02d:%02d:%02d", t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond()));
        int nanos = t.getNano();
        if (nanos != 0) {
            String frac = String.format("%09d", nanos);
            int end = frac.length();
            while (frac.charAt(end - 1) == '0') end--;
            s.append('.').append(frac, 0, end);
        }
        int offset = t.getOffset().getTotalSeconds();
        if (offset == 0) {
            s.append('Z');
        } else {
            s.append(offset < 0 ? '-' : '+');
            int abs = Math.abs(offset);
            s.append(String.format("%02d:%02d", abs / 3600, abs / 60 % 60));
        }
        return s.toString();
    }

    public static OffsetDateTime parse(String s) {
        return OffsetDateTime.parse(s);
    }

    public static final class Serializer extends StdSerializer<OffsetDateTime> {
        public Serializer() {
            super(OffsetDateTime.class);
        }

        @Override
        public void serialize(OffsetDateTime value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(format(value));
        }
    }

    public static final class Deserializer extends StdDeserializer<OffsetDateTime> {
        public Deserializer() {
            super(OffsetDateTime.class);
        }

        @Override
        public OffsetDateTime deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return (OffsetDateTime) ctxt.handleUnexpectedToken(OffsetDateTime.class, p);
            }
            try {
                return parse(p.getText());
            } catch (DateTimeParseException e) {
                return (OffsetDateTime) ctxt.handleWeirdStringValue(OffsetDateTime.class, p.getText(), "not an RFC 3339 time");
            }
        }
    }
}
