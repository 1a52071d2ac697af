package io.qforge.api.rules;

import io.qforge.api.quant.QuantSetting;
import io.qforge.api.quant.QuantSpec;
import io.qforge.api.quant.TensorKind;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * One kind of tensor's resolved settings in a quantization config, and where each was written:
 * what a target's rules check. A setting the config leaves out holds the target's default and is
 * reported at {@link #location()}, the most specific place the config could set it.
 *
 * @param spec the resolved settings, plugin names canonical
 * @param datatype Vitis AI's {@code datatype}: int, bfloat16, float16 or float32
 * @param location e.g. {@code $.quantization.tensor_quantize_config.weights}
 * @param writtenAt the JSON path of each setting the config wrote; absent ones are defaults
 */
public record TensorSettings(QuantSpec spec, String datatype, String location, Map<QuantSetting, String> writtenAt) {

    public TensorSettings {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(datatype, "datatype");
        Objects.requireNonNull(location, "location");
        writtenAt = writtenAt.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(writtenAt));
    }

    public TensorKind kind() {
        return spec.kind();
    }

    /** Whether {@code setting} holds the default rather than a value the config wrote. */
    public boolean isDefault(QuantSetting setting) {
        return !writtenAt.containsKey(setting);
    }

    /** The JSON path that set {@code setting}, or {@link #location()} for a default. */
    public String pathOf(QuantSetting setting) {
        return writtenAt.getOrDefault(setting, location);
    }

    /**
     * The path of the first of {@code settings} that the config wrote, else of the first: so that a
     * rule broken by two settings together points at a line the user wrote.
     */
    public String blame(QuantSetting... settings) {
        for (QuantSetting s : settings) {
            if (!isDefault(s)) {
                return pathOf(s);
            }
        }
        return pathOf(settings[0]);
    }
}
