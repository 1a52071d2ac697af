package io.qforge.engine.config.vitis;

import io.qforge.api.TargetDevice;
import io.qforge.api.quant.ResolvedSpec;
import io.qforge.api.quant.TensorKind;
import io.qforge.api.rules.ConfigSettings;
import io.qforge.api.rules.SettingChange;
import io.qforge.api.rules.SpecAdjustment;
import io.qforge.api.rules.TensorSettings;
import io.qforge.api.target.QuantizedModel;
import io.qforge.engine.config.Problems;
import io.qforge.engine.config.run.PluginSelection;
import io.qforge.engine.plugin.PluginRegistry;
import io.qforge.engine.plugin.SpiType;
import io.qforge.engine.rules.SpecResolution;
import io.qforge.engine.rules.TargetRules;
import io.qforge.engine.rules.TargetRulesFinder;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a parsed Vitis AI config beyond what its types say: value ranges, plugin names, layer
 * entries, and the rules of the target that applies (see {@link TargetRulesFinder}). On success it
 * returns the config with every plugin name in canonical spelling ({@code poweroftwo} becomes
 * {@code power_of_two}) and every default filled in from that target.
 */
public final class QuantizeConfigValidator {

    static final int MIN_OPSET = QuantizedModel.MIN_ONNX_OPSET;
    static final int MAX_OPSET = QuantizedModel.MAX_ONNX_OPSET;

    private final PluginRegistry plugins;
    private final TargetRulesFinder targets;
    private final SpecResolution resolution;

    @Inject
    public QuantizeConfigValidator(PluginRegistry plugins, TargetRulesFinder targets, SpecResolution resolution) {
        this.plugins = plugins;
        this.targets = targets;
        this.resolution = resolution;
    }

    /**
     * Validates {@code config}, whose paths are reported under {@code root} (e.g. {@code $}), for a
     * run whose target is {@code runTarget} (null for a bare config). Problems are added to {@code
     * problems}; the resolved config is returned when there are none from this config.
     */
    public Optional<ResolvedQuantizeConfig> validate(QuantizeConfig config, String root, PluginSelection runTarget, Problems problems) {
        Problems local = new Problems();
        if (config.onnxOpsetVersion() != null && (config.onnxOpsetVersion() < MIN_OPSET || config.onnxOpsetVersion() > MAX_OPSET)) {
            local.add(root + ".onnx_opset_version", "onnx_opset_version " + config.onnxOpsetVersion()
                    + " is not supported: QDQ export with per-channel scales needs opset 13 or higher, and qforge's ONNX export is checked with"
                    + " ONNX Runtime up to opset " + MAX_OPSET + ". Allowed: "
                    + MIN_OPSET + " to " + MAX_OPSET);
        }
        if (config.targetDevice() != null && !TargetDevice.VITIS_DEVICES.contains(config.targetDevice())) {
            local.add(root + ".target_device", "'" + config.targetDevice() + "' is not a Vitis AI target_device. Allowed: "
                    + String.join(", ", TargetDevice.VITIS_DEVICES));
        }
        if (Boolean.TRUE.equals(config.convertSiluToHswish())) {
            // qforge's graph IR has no SiLU op, so there is nothing the key could convert; saying so beats a silent no-op.
            local.add(root + ".convert_silu_to_hswish", notImplemented("convert_silu_to_hswish", "false")
                    + " (qforge's graph has no SiLU op to convert)");
        }
        checkKinds(config.quantizableDataType(), root + ".quantizable_data_type", local);
        TensorQuantizeConfig overall = canonical(config.overallQuantizeConfig(), root + ".overall_quantize_config", local);
        TensorQuantizeConfigs tensors = canonical(config.tensorQuantizeConfig(), root + ".tensor_quantize_config", local);
        List<LayerQuantizeConfig> layers = null;
        if (config.layerQuantizeConfig() != null) {
            layers = new ArrayList<>();
            for (int i = 0; i < config.layerQuantizeConfig().size(); i++) {
                String path = QuantSpecResolver.layerPath(root, i);
                layers.add(canonical(config.layerQuantizeConfig().get(i), path, local));
                checkLayerKinds(config, i, path, local);
            }
        }
        Optional<TargetRules> rules = local.isEmpty() ? rulesFor(config, root, runTarget, local) : Optional.empty();
        if (!local.isEmpty()) {
            local.list().forEach(p -> problems.add(p.path(), p.message()));
            return Optional.empty();
        }
        QuantizeConfig normalized = new QuantizeConfig(config.convertRelu6ToRelu(), config.convertSiluToHswish(),
                config.includeCle(), config.includeBiasCorr(), config.keepFirstLastLayerAccuracy(),
                config.keepAddLayerAccuracy(), config.targetDevice(), config.onnxOpsetVersion(),
                config.changeConcatInputFix(), config.changePoolInputFix(), config.quantizableDataType(),
                overall, tensors, layers);
        Optional<TargetRules> adjustedBy = Optional.ofNullable(runTarget).map(t -> targets.of(t.type(), t.options()));
        return checkTargetRules(normalized, root, rules.orElseThrow(), adjustedBy, problems);
    }

    /** The target whose defaults apply, with its defaults checked to name installed plugins. */
    private Optional<TargetRules> rulesFor(QuantizeConfig config, String root, PluginSelection runTarget, Problems problems) {
        Optional<TargetRules> found = runTarget == null ? targets.forConfig(config.targetDevice(), null, Map.of())
                : targets.forConfig(config.targetDevice(), runTarget.type(), runTarget.options());
        String device = config.targetDevice() != null ? config.targetDevice() : TargetDevice.VITIS_DEFAULT_DEVICE;
        if (found.isEmpty()) {
            problems.add(root + (config.targetDevice() != null ? ".target_device" : ""), "no installed target supplies the defaults and rules of target_device "
                    + device + (config.targetDevice() == null ? " (Vitis AI's default)" : "") + ". Allowed: " + claims()
                    + (runTarget == null ? "" : ", or leave target_device out to take the defaults of the run's target"));
            return Optional.empty();
        }
        TargetRules rules = found.get();
        if (!rules.hasDefaults()) {
            problems.add(root, "target " + rules.name() + " gives no defaults of its own. Set target_device to one of: " + claims());
            return Optional.empty();
        }
        rules.defaults().forEach((kind, spec) -> {
            for (SpiType<?> spi : List.of(SpiType.CALIBRATOR, SpiType.ROUND_MODE, SpiType.SCALE_TYPE)) {
                String name = spi == SpiType.CALIBRATOR ? spec.method() : spi == SpiType.ROUND_MODE ? spec.roundMode() : spec.scaleType();
                if (plugins.canonicalName(spi, name).isEmpty()) {
                    problems.add(root, "target " + rules.name() + " quantizes " + kind.configName() + " tensors with the " + spi.singular()
                            + " '" + name + "' by default, which is not installed. Installed " + spi.plural() + ": " + plugins.knownList(spi));
                }
            }
        });
        return problems.isEmpty() ? found : Optional.empty();
    }

    /** "DPU (dpuczdx8g), CPU (onnxruntime-cpu), ...": which installed target supplies each target_device. */
    private String claims() {
        List<String> out = new ArrayList<>();
        for (String device : TargetDevice.VITIS_DEVICES) {
            plugins.vitisTarget(device).ifPresent(t -> out.add(device + " (" + t.name() + ")"));
        }
        return out.isEmpty() ? "none: no installed target claims a target_device" : String.join(", ", out);
    }

    private Optional<ResolvedQuantizeConfig> checkTargetRules(QuantizeConfig config, String root, TargetRules rules, Optional<TargetRules> adjustedBy,
            Problems problems) {
        Problems found = new Problems();
        QuantSpecResolver resolver = new QuantSpecResolver(config, root, rules.defaults());
        Map<TensorKind, ResolvedTensorConfig> byKind = byKind(resolver, -1);
        List<Map<TensorKind, ResolvedTensorConfig>> layers = new ArrayList<>();
        List<ConfigSettings> scopes = new ArrayList<>();
        scopes.add(settings(root, byKind, resolver.quantizedKinds()));
        int entries = config.layerQuantizeConfig() == null ? 0 : config.layerQuantizeConfig().size();
        for (int i = 0; i < entries; i++) {
            Map<TensorKind, ResolvedTensorConfig> layer = byKind(resolver, i);
            layers.add(layer);
            scopes.add(settings(resolver.layerPath(i), layer, resolver.quantizedKinds(i)));
        }
        String rule = " (rule of target " + rules.name() + ")";
        for (ConfigSettings scope : scopes) {
            rules.rules().check(scope, (path, kind, message) -> {
                if (kind == null) {
                    found.add(path, message + rule);
                } else {
                    found.add(path, message + rule, kind);
                }
            });
        }
        Set<String> adjustments = new LinkedHashSet<>();
        if (found.isEmpty() && adjustedBy.isPresent()) {
            for (ConfigSettings scope : scopes) {
                adjust(scope, adjustedBy.get(), found, adjustments);
            }
        }
        if (!found.isEmpty()) {
            found.list().forEach(p -> problems.add(p.path(), p.message()));
            return Optional.empty();
        }
        return Optional.of(new ResolvedQuantizeConfig(config, root, byKind, resolver.quantizedKinds(), layers, rules, adjustedBy,
                List.copyOf(adjustments)));
    }

    /**
     * What {@code target} changes in each quantized kind of {@code scope}: a problem per change when
     * the target is strict, else a note for {@code qforge validate} to show.
     */
    private void adjust(ConfigSettings scope, TargetRules target, Problems problems, Set<String> notes) {
        for (TensorKind kind : scope.quantizedKinds()) {
            TensorSettings settings = scope.of(kind);
            ResolvedSpec requested = resolution.resolve(settings.spec(), settings.location());
            SpecAdjustment adjustment = target.rules().adjust(requested);
            for (SettingChange c : adjustment.changes()) {
                String path = c.setting() == null ? settings.location() : settings.pathOf(c.setting());
                if (target.options().strict()) {
                    String what = c.setting() == null ? c.why() : c.setting().key() + " " + c.from() + " is not accepted by target " + target.name()
                            + " (strict): " + c.why() + ". Allowed: " + c.allowed();
                    problems.add(path, what, kind);
                } else {
                    notes.add(path + ": target " + target.name() + " changes " + kind.configName() + " tensors' " + c.describe());
                }
            }
        }
    }

    private static Map<TensorKind, ResolvedTensorConfig> byKind(QuantSpecResolver resolver, int layer) {
        Map<TensorKind, ResolvedTensorConfig> out = new EnumMap<>(TensorKind.class);
        for (TensorKind kind : TensorKind.values()) {
            out.put(kind, layer < 0 ? resolver.forKind(kind) : resolver.forLayerEntry(layer, kind));
        }
        return out;
    }

    private static ConfigSettings settings(String scope, Map<TensorKind, ResolvedTensorConfig> byKind, List<TensorKind> quantized) {
        Map<TensorKind, TensorSettings> settings = new EnumMap<>(TensorKind.class);
        byKind.forEach((kind, r) -> settings.put(kind, r.toSettings()));
        return new ConfigSettings(scope, settings, quantized);
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

    /**
     * A layer entry's own {@code quantizable_data_type} is refused unless it changes nothing: qforge
     * quantizes every layer's weights, bias and activation as the top-level list says, and the
     * model input belongs to no layer, so a list that differs from the top level only in {@code
     * input} is accepted.
     */
    private static void checkLayerKinds(QuantizeConfig config, int index, String path, Problems problems) {
        LayerQuantizeConfig layer = config.layerQuantizeConfig().get(index);
        if (layer == null || layer.quantizableDataType() == null || layer.quantizableDataType().contains(null)) {
            return;
        }
        List<TensorKind> topLevel = config.quantizableDataType() == null ? List.of(TensorKind.values()) : config.quantizableDataType();
        Set<TensorKind> own = layerKinds(layer.quantizableDataType());
        Set<TensorKind> inherited = layerKinds(topLevel);
        if (!own.equals(inherited)) {
            String same = inherited.stream().map(k -> "\"" + k.configName() + "\"").collect(Collectors.joining(", ", "[", "]"));
            problems.add(path + ".quantizable_data_type", notImplemented("a layer entry's own quantizable_data_type", same)
                    + " (the top-level quantizable_data_type decides which of every layer's tensors are quantized)");
        }
    }

    /** The kinds a layer owns: all but the model input. */
    private static Set<TensorKind> layerKinds(List<TensorKind> kinds) {
        Set<TensorKind> out = EnumSet.noneOf(TensorKind.class);
        kinds.stream().filter(k -> k != null && k != TensorKind.INPUT).forEach(out::add);
        return out;
    }

    /** The message for a Vitis AI key qforge accepts only at its no-op value. */
    static String notImplemented(String key, String noOp) {
        return "qforge does not implement " + key + "; remove it or set it to " + noOp;
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
                pluginName(SpiType.CALIBRATOR, "calibration method", c.method(), path + ".method", problems),
                pluginName(SpiType.ROUND_MODE, SpiType.ROUND_MODE.singular(), c.roundMode(), path + ".round_mode", problems),
                c.symmetry(), c.perChannel(), c.signed(), c.narrowRange(),
                pluginName(SpiType.SCALE_TYPE, SpiType.SCALE_TYPE.singular(), c.scaleType(), path + ".scale_type", problems),
                c.calibStatisticMethod(), c.percentage());
    }

    private String pluginName(SpiType<?> spi, String what, String name, String path, Problems problems) {
        if (name == null) {
            return null;
        }
        Optional<String> canonical = plugins.canonicalName(spi, name);
        if (canonical.isEmpty()) {
            problems.add(path, "'" + name + "' is not a known " + what + ". Allowed: " + plugins.knownList(spi));
            return name;
        }
        return canonical.get();
    }
}
