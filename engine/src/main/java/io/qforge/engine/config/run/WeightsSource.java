package io.qforge.engine.config.run;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.io.IOException;

/**
 * {@code backbone.weights}: {@code "none"}, {@code "imagenet"}, a file path, or {@code
 * {"pretrain": {"dataset": ..., "training": ...}}}.
 *
 * @param value the string form, or null for a pretrain recipe
 * @param pretrain the recipe, or null
 */
@JsonDeserialize(using = WeightsSource.Reader.class)
public record WeightsSource(String value, PretrainConfig pretrain) {

    public static final String NONE = "none";
    public static final String IMAGENET = "imagenet";

    public static WeightsSource of(String value) {
        return new WeightsSource(value, null);
    }

    public boolean isNone() {
        return NONE.equals(value);
    }

    public boolean isImagenet() {
        return IMAGENET.equals(value);
    }

    public boolean isPretrain() {
        return pretrain != null;
    }

    /** A file path (neither none, imagenet nor a recipe). */
    public boolean isFile() {
        return value != null && !isNone() && !isImagenet();
    }

    @JsonValue
    Object json() {
        return pretrain != null ? new Recipe(pretrain) : value;
    }

    /** The JSON shape of a recipe: one key, so that other keys are errors. */
    record Recipe(PretrainConfig pretrain) {}

    static final class Reader extends JsonDeserializer<WeightsSource> {
        @Override
        public WeightsSource deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                return of(p.getText());
            }
            if (p.currentToken() == JsonToken.START_OBJECT) {
                Recipe r = ctxt.readValue(p, Recipe.class);
                return new WeightsSource(null, r.pretrain());
            }
            return (WeightsSource) ctxt.handleUnexpectedToken(WeightsSource.class, p);
        }
    }
}
