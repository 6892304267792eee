package dev.jollama.server.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.jollama.server.store.StoreJson;

import java.io.IOException;

/** A float in an untyped JSON map (model_info) that must print as Go prints it: 1e-05 as 0.00001, 500000 as 500000. */
@JsonSerialize(using = GoNumber.Serializer.class)
public record GoNumber(double value, boolean float32) {

    static final class Serializer extends StdSerializer<GoNumber> {
        Serializer() {
            super(GoNumber.class);
        }

        @Override
        public void serialize(GoNumber n, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (Double.isNaN(n.value) || Double.isInfinite(n.value)) gen.writeNull();
            else gen.writeNumber(StoreJson.formatFloat(n.value, n.float32));
        }
    }
}
