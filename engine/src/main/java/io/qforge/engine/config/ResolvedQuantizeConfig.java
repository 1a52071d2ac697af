package io.qforge.engine.config;

import io.qforge.api.quant.QuantSpec;
import io.qforge.api.quant.TensorKind;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A valid Vitis AI config with canonical plugin names, and the resolved parameters of each kind
 * of tensor.
 *
 * @param config the config as written, names canonical
 * @param byKind the model-wide resolved parameters of each of the four kinds
 * @param quantizedKinds the kinds {@code quantizable_data_type} selects
 */
public record ResolvedQuantizeConfig(QuantizeConfig config, Map<TensorKind, ResolvedTensorConfig> byKind, List<TensorKind> quantizedKinds) {

    /** qforge's opset default for QDQ export: the first with per-axis QuantizeLinear. */
    public static final int DEFAULT_ONNX_OPSET = 13;

    public ResolvedQuantizeConfig {
        byKind = Collections.unmodifiableMap(new EnumMap<>(byKind));
        quantizedKinds = List.copyOf(quantizedKinds);
    }

    /** The model-wide spec of {@code kind}. */
    public QuantSpec spec(TensorKind kind) {
        return byKind.get(kind).toSpec();
    }

    /** The config with every top-level default written out and each kind's parameters resolved. */
    public QuantizeConfig withDefaults() {
        QuantizeConfig c = config;
        return new QuantizeConfig(
                or(c.convertRelu6ToRelu(), false),
                or(c.convertSiluToHswish(), false),
                or(c.includeCle(), true),
                or(c.includeBiasCorr(), true),
                or(c.keepFirstLastLayerAccuracy(), false),
                or(c.keepAddLayerAccuracy(), false),
                c.device(),
                or(c.onnxOpsetVersion(), DEFAULT_ONNX_OPSET),
                or(c.changeConcatInputFix(), false),
                or(c.changePoolInputFix(), false),
                quantizedKinds,
                c.overallQuantizeConfig(),
                new TensorQuantizeConfigs(
                        byKind.get(TensorKind.INPUT).toConfig(),
                        byKind.get(TensorKind.WEIGHTS).toConfig(),
                        byKind.get(TensorKind.BIAS).toConfig(),
                        byKind.get(TensorKind.ACTIVATION).toConfig()),
                c.layerQuantizeConfig());
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
