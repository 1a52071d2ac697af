package io.qforge.api.rules;

import io.qforge.api.quant.TensorKind;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The settings a target's config rules check together: the model-wide settings of a quantization
 * config, or those of one {@code layer_quantize_config} entry, for each of the four tensor kinds.
 *
 * @param scope e.g. {@code $.quantization} or {@code $.quantization.layer_quantize_config[0]}
 * @param byKind the resolved settings of each kind
 * @param quantizedKinds the kinds that are quantized in this scope ({@code quantizable_data_type})
 */
public record ConfigSettings(String scope, Map<TensorKind, TensorSettings> byKind, List<TensorKind> quantizedKinds) {

    public ConfigSettings {
        byKind = Collections.unmodifiableMap(new EnumMap<>(byKind));
        quantizedKinds = List.copyOf(quantizedKinds);
    }

    public TensorSettings of(TensorKind kind) {
        return byKind.get(kind);
    }
}
