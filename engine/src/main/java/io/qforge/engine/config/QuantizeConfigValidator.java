package io.qforge.engine.config;

import io.qforge.api.quant.TensorKind;
import io.qforge.engine.plugin.PluginRegistry;
import io.qforge.engine.plugin.SpiType;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a parsed Vitis AI config beyond what its types say: value ranges, plugin names, layer
 * entries, and the rules of its {@code target_device}. On success it returns the config with every
 * plugin name in canonical spelling ({@code poweroftwo} becomes {@code power_of_two}) and every
 * default filled in.
 */
public final class QuantizeConfigValidator {

    /** The calibration methods Vitis AI's schema names; installed calibrators add to them. */
    static final List<String> VITIS_METHODS = List.of("maxmin", "percentile", "entropy", "mse", "diffs");
    static final int MIN_OPSET = 13;
    static final int MAX_OPSET = 22;

    private final PluginRegistry plugins;

    @Inject
    public QuantizeConfigValidator(PluginRegistry plugins) {
        this.plugins = plugins;
    }

    /**
     * Validates {@code config}, whose paths are reported under {@code root} (e.g. {@code $}).
     * Problems are added to {@code problems}; the resolved config is returned when there are none
     * from this config.
     */
    public Optional<ResolvedQuantizeConfig> validate(QuantizeConfig config, String root, Problems problems) {
        Problems local = new Problems();
        if (config.onnxOpsetVersion() != null && (config.onnxOpsetVersion() < MIN_OPSET || config.onnxOpsetVersion() > MAX_OPSET)) {
            local.add(root + ".onnx_opset_version", "onnx_opset_version " + config.onnxOpsetVersion()
                    + " is not supported: QDQ export with per-channel scales needs opset 13 or higher. Allowed: "
                    + MIN_OPSET + " to " + MAX_OPSET);
        }
        checkKinds(config.quantizableDataType(), root + ".quantizable_data_type", local);
        TensorQuantizeConfig overall = canonical(config.overallQuantizeConfig(), root + ".overall_quantize_config", local);
        TensorQuantizeConfigs tensors = canonical(config.tensorQuantizeConfig(), root + ".tensor_quantize_config", local);
        List<LayerQuantizeConfig> layers = null;
        if (config.layerQuantizeConfig() != null) {
            layers = new ArrayList<>();
            for (int i = 0; i < config.layerQuantizeConfig().size(); i++) {
                layers.add(canonical(config.layerQuantizeConfig().get(i), root + ".layer_quantize_config[" + i + "]", local));
            }
        }
        if (!local.isEmpty()) {
            local.list().forEach(p -> problems.add(p.path(), p.message()));
            return Optional.empty();
        }
        QuantizeConfig normalized = new QuantizeConfig(config.convertRelu6ToRelu(), config.convertSiluToHswish(),
                config.includeCle(), config.includeBiasCorr(), config.keepFirstLastLayerAccuracy(),
                config.keepAddLayerAccuracy(), config.targetDevice(), config.onnxOpsetVersion(),
                config.changeConcatInputFix(), config.changePoolInputFix(), config.quantizableDataType(),
                overall, tensors, layers);
        return checkTargetRules(normalized, root, problems);
    }

    private Optional<ResolvedQuantizeConfig> checkTargetRules(QuantizeConfig config, String root, Problems problems) {
        Problems rules = new Problems();
        QuantSpecResolver resolver = new QuantSpecResolver(config, root);
        DeviceKind device = config.device();
        Map<TensorKind, ResolvedTensorConfig> byKind = new EnumMap<>(TensorKind.class);
        for (TensorKind kind : TensorKind.values()) {
            byKind.put(kind, resolver.forKind(kind));
        }
        for (TensorKind kind : resolver.quantizedKinds()) {
            VitisRules.check(byKind.get(kind), device, rules);
        }
        if (device == DeviceKind.DPU) {
            VitisRules.checkDpuBitWidths(byKind.get(TensorKind.ACTIVATION), byKind.get(TensorKind.BIAS), rules);
        }
        if (config.layerQuantizeConfig() != null) {
            for (int i = 0; i < config.layerQuantizeConfig().size(); i++) {
                LayerQuantizeConfig layer = config.layerQuantizeConfig().get(i);
                List<TensorKind> kinds = layer.quantizableDataType() != null ? layer.quantizableDataType() : resolver.quantizedKinds();
                for (TensorKind kind : kinds) {
                    VitisRules.check(resolver.forLayerEntry(i, kind), device, rules);
                }
                if (device == DeviceKind.DPU) {
                    VitisRules.checkDpuBitWidths(resolver.forLayerEntry(i, TensorKind.ACTIVATION),
                            resolver.forLayerEntry(i, TensorKind.BIAS), rules);
                }
            }
        }
        if (!rules.isEmpty()) {
            rules.list().forEach(p -> problems.add(p.path(), p.message()));
            return Optional.empty();
        }
        return Optional.of(new ResolvedQuantizeConfig(config, byKind, resolver.quantizedKinds()));
    }

    private static void checkKinds(List<TensorKind> kinds, String path, Problems problems) {
        if (kinds == null) {
            return;
        }
        Set<TensorKind> seen = new HashSet<>();
        for (int i = 0; i < kinds.size(); i++) {
            if (kinds.get(i) == null) {
                problems.add(path + "[" + i + "]", "null is not a tensor kind. Allowed: input, weights, bias, activation");
            } else if (!seen.add(kinds.get(i))) {
                problems.add(path + "[" + i + "]", "'" + kinds.get(i).configName() + "' is listed twice");
            }
        }
    }

    private LayerQuantizeConfig canonical(LayerQuantizeConfig layer, String path, Problems problems) {
        if (layer == null) {
            problems.add(path, "a layer entry must be an object with layer_type or layer_name");
            return null;
        }
        boolean hasType = layer.layerType() != null && !layer.layerType().isBlank();
        boolean hasName = layer.layerName() != null && !layer.layerName().isBlank();
        if (hasType == hasName) {
            problems.add(path, "a layer entry names exactly one of layer_type (e.g. \"torch.nn.Conv2d\") and layer_name (e.g. \"layer1.0.conv1\"); this one has "
                    + (hasType ? "both" : "neither"));
        }
        checkKinds(layer.quantizableDataType(), path + ".quantizable_data_type", problems);
        return new LayerQuantizeConfig(layer.layerType(), layer.layerName(), layer.quantizableDataType(),
                canonical(layer.overallQuantizeConfig(), path + ".overall_quantize_config", problems),
                canonical(layer.tensorQuantizeConfig(), path + ".tensor_quantize_config", problems));
    }

    private TensorQuantizeConfigs canonical(TensorQuantizeConfigs tensors, String path, Problems problems) {
        if (tensors == null) {
            return null;
        }
        return new TensorQuantizeConfigs(
                canonical(tensors.input(), path + ".input", problems),
                canonical(tensors.weights(), path + ".weights", problems),
                canonical(tensors.bias(), path + ".bias", problems),
                canonical(tensors.activation(), path + ".activation", problems));
    }

    private TensorQuantizeConfig canonical(TensorQuantizeConfig c, String path, Problems problems) {
        if (c == null) {
            return null;
        }
        if (c.bitWidth() != null && (c.bitWidth() < 1 || c.bitWidth() > 32)) {
            problems.add(path + ".bit_width", "bit_width " + c.bitWidth() + " is out of range. Allowed: 1 to 32");
        }
        if (c.percentage() != null && !(c.percentage() > 0 && c.percentage() <= 100)) {
            problems.add(path + ".percentage", "percentage " + c.percentage() + " is out of range. Allowed: more than 0, up to 100");
        }
        return new TensorQuantizeConfig(c.datatype(), c.bitWidth(),
                method(c.method(), path + ".method", problems),
                pluginName(SpiType.ROUND_MODE, c.roundMode(), path + ".round_mode", problems),
                c.symmetry(), c.perChannel(), c.signed(), c.narrowRange(),
                pluginName(SpiType.SCALE_TYPE, c.scaleType(), path + ".scale_type", problems),
                c.calibStatisticMethod(), c.percentage());
    }

    private String pluginName(SpiType<?> spi, String name, String path, Problems problems) {
        if (name == null) {
            return null;
        }
        Optional<String> canonical = plugins.canonicalName(spi, name);
        if (canonical.isEmpty()) {
            problems.add(path, "'" + name + "' is not a known " + spi.singular() + ". Allowed: " + plugins.knownList(spi));
            return name;
        }
        return canonical.get();
    }

    private String method(String name, String path, Problems problems) {
        if (name == null) {
            return null;
        }
        Optional<String> installed = plugins.canonicalName(SpiType.CALIBRATOR, name);
        if (installed.isPresent()) {
            return installed.get();
        }
        if (VITIS_METHODS.contains(name)) {
            return name;
        }
        Set<String> allowed = new TreeSet<>(VITIS_METHODS);
        plugins.all(SpiType.CALIBRATOR).forEach(p -> allowed.add(p.name()));
        problems.add(path, "'" + name + "' is not a known calibration method. Allowed: " + String.join(", ", allowed));
        return name;
    }
}
