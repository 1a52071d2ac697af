package io.qforge.engine.config.run;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.io.IOException;

/**
 * {@code training.teacher}: the model whose softened logits a student learns from. Either a
 * backbone object ({@code {"type", "weights", "classes"}} and the plugin's options, weights a file
 * or a qforge checkpoint), or {@code "float-model"}: in mode qat, the float model being quantized.
 *
 * @param backbone the teacher's backbone and weights; null for the float model
 */
@JsonDeserialize(using = TeacherSource.Reader.class)
public record TeacherSource(BackboneConfig backbone) {

    public static final String FLOAT = "float-model";

    /** The float model teaches its own quantized copy (quantization-aware distillation). */
    public static final TeacherSource FLOAT_MODEL = new TeacherSource(null);

    public boolean isFloatModel() {
        return backbone == null;
    }

    @JsonValue
    Object json() {
        return backbone == null ? FLOAT : backbone;
    }

    static final class Reader extends JsonDeserializer<TeacherSource> {
        @Override
        public TeacherSource deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                if (FLOAT.equals(p.getText())) {
                    return FLOAT_MODEL;
                }
                return (TeacherSource) ctxt.handleWeirdStringValue(TeacherSource.class, p.getText(),
                        "Allowed: \"float-model\" (mode qat: the float model teaches) or a backbone object {\"type\": NAME, \"weights\": FILE}");
            }
            if (p.currentToken() == JsonToken.START_OBJECT) {
                return new TeacherSource(ctxt.readValue(p, BackboneConfig.class));
            }
            return (TeacherSource) ctxt.handleUnexpectedToken(TeacherSource.class, p);
        }
    }
}
