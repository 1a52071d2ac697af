package io.qforge.engine.config.vitis;

import io.qforge.api.quant.QuantSpec;
import io.qforge.api.quant.TensorKind;
import io.qforge.api.target.QuantizedModel;
import io.qforge.engine.rules.TargetRules;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A valid Vitis AI config with canonical plugin names, the resolved parameters of each kind of
 * tensor, model-wide and in each layer entry, and the targets whose rules it was resolved with.
 *
 * @param config the config as written, names canonical
 * @param root the JSON path of the config in its file, e.g. {@code $} or {@code $.quantization}
 * @param byKind the model-wide resolved parameters of each of the four kinds
 * @param quantizedKinds the kinds {@code quantizable_data_type} selects
 * @param layers the resolved parameters of each kind in each {@code layer_quantize_config} entry, in order
 * @param defaultsFrom the target whose defaults and config rules it got
 * @param runTarget the run's target, which adjusts every tensor's spec to what it runs; empty when
 *     the run has none (a quantization for simulation, whose settings are used as written)
 * @param adjustments what the run's target will change, one line per setting, with its JSON path
 */
public record ResolvedQuantizeConfig(
        QuantizeConfig config,
        String root,
        Map<TensorKind, ResolvedTensorConfig> byKind,
        List<TensorKind> quantizedKinds,
        List<Map<TensorKind, ResolvedTensorConfig>> layers,
        TargetRules defaultsFrom,
        Optional<TargetRules> runTarget,
        List<String> adjustments) {

    public ResolvedQuantizeConfig {
        byKind = Collections.unmodifiableMap(new EnumMap<>(byKind));
        quantizedKinds = List.copyOf(quantizedKinds);
        layers = layers.stream().map(m -> Collections.unmodifiableMap(new EnumMap<>(m))).toList();
        adjustments = List.copyOf(adjustments);
    }

    /**
     * The target whose params passes run after calibration: the run's, else the one whose rules the
     * config took, so that a simulation for target_device DPU keeps the DPU's shifter limits too.
     */
    public TargetRules paramsFrom() {
        return runTarget.orElse(defaultsFrom);
    }

    /** The JSON path of layer entry {@code index}, e.g. {@code $.quantization.layer_quantize_config[0]}. */
    public String layerPath(int index) {
        return QuantSpecResolver.layerPath(root, index);
    }

    /** {@code onnx_opset_version}, or qforge's default. */
    public int onnxOpsetVersion() {
        return config.onnxOpsetVersion() != null ? config.onnxOpsetVersion() : QuantizedModel.DEFAULT_ONNX_OPSET;
    }

    /** The model-wide spec of {@code kind}. */
    public QuantSpec spec(TensorKind kind) {
        return byKind.get(kind).toSpec();
    }

    /** The target_device the resolved config stands for: the one written, else the one its rules' target claims, if any. */
    public String targetDevice() {
        if (config.targetDevice() != null) {
            return config.targetDevice();
        }
        return defaultsFrom.target().vitisTargetDevices().stream().sorted().findFirst().orElse(null);
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
                targetDevice(),
                onnxOpsetVersion(),
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
