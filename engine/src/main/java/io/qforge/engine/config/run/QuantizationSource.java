package io.qforge.engine.config.run;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.qforge.engine.config.vitis.QuantizeConfig;
import java.io.IOException;

/**
 * The {@code quantization} section: a Vitis AI config inline, or the path of an existing
 * {@code int8_config.json} relative to the run config.
 */
@JsonDeserialize(using = QuantizationSource.Reader.class)
public record QuantizationSource(String path, QuantizeConfig inline) {

    public static QuantizationSource of(QuantizeConfig inline) {
        return new QuantizationSource(null, inline);
    }

    @JsonValue
    Object json() {
        return path != null ? path : inline;
    }

    /** Reads a string as a path and an object as an inline config, keeping Jackson's paths and locations. */
    static final class Reader extends JsonDeserializer<QuantizationSource> {
        @Override
        public QuantizationSource deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                return new QuantizationSource(p.getText(), null);
            }
            if (p.currentToken() == JsonToken.START_OBJECT) {
                return of(ctxt.readValue(p, QuantizeConfig.class));
            }
            return (QuantizationSource) ctxt.handleUnexpectedToken(QuantizationSource.class, p);
        }
    }
}
