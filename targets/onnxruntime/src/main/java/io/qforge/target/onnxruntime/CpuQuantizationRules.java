package io.qforge.target.onnxruntime;

import io.qforge.api.Calibrator;
import io.qforge.api.InvalidInputException;
import io.qforge.api.QforgePlugin;
import io.qforge.api.RoundMode;
import io.qforge.api.ScaleType;
import io.qforge.api.context.PluginCatalog;
import io.qforge.api.quant.QuantSetting;
import io.qforge.api.quant.QuantSpec;
import io.qforge.api.quant.ResolvedSpec;
import io.qforge.api.quant.TensorKind;
import io.qforge.api.rules.ConfigSettings;
import io.qforge.api.rules.ParamsAdjustment;
import io.qforge.api.rules.QuantizationRules;
import io.qforge.api.rules.RuleReport;
import io.qforge.api.rules.SettingChange;
import io.qforge.api.rules.SpecAdjustment;
import io.qforge.api.rules.TensorSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The rules of Vitis AI's {@code target_device: CPU} and {@code GPU}, and what ONNX Runtime's QDQ
 * int8 path runs:
 *
 * <ul>
 *   <li>defaults (qforge's choice, docs/configuration.md): int, 8 bits (32 for biases, which ONNX
 *       Runtime adds in int32), maxmin, float scale, symmetric, per tensor, signed, full range, max;
 *       half_even, which is what QuantizeLinear does;
 *   <li>config rules (REFERENCE.md §2): datatype int (qforge does not implement Vitis AI's float
 *       datatypes); per-channel for weights only; per-channel with a float
 *       scale calibrated by maxmin only; no asymmetric percentile, entropy or mse; a power-of-two
 *       scale calibrated by diffs or maxmin, signed, modal;
 *   <li>every tensor's spec: 8-bit inputs, weights and activations (float or power-of-two scales,
 *       written as their float value; zero points allowed), per-channel weights only, a round mode
 *       whose XIR name is PY3_ROUND (half to even, as QuantizeLinear rounds), and 32-bit biases
 *       with a float scale, symmetric, calibrated by maxmin;
 *   <li>two params passes: {@link UnsignedActivationsPass} (signed activations stored as uint8, so
 *       that ONNX Runtime fuses), then {@link AccumulatorBiasPass}.
 * </ul>
 */
final class CpuQuantizationRules implements QuantizationRules {

    private static final Set<String> HISTOGRAM_METHODS = Set.of("percentile", "entropy", "mse");
    private static final Set<String> POWER_OF_TWO_METHODS = Set.of("diffs", "maxmin");
    /** XIR's name of half-to-even rounding, the rounding of ONNX's QuantizeLinear. */
    static final String HALF_EVEN = "PY3_ROUND";

    private final PluginCatalog plugins;
    private final boolean strict;

    CpuQuantizationRules(PluginCatalog plugins, boolean strict) {
        this.plugins = plugins;
        this.strict = strict;
    }

    @Override
    public Optional<QuantSpec> defaults(TensorKind kind) {
        int bits = kind == TensorKind.BIAS ? 32 : 8;
        return Optional.of(new QuantSpec(kind, bits, "maxmin", "half_even", "float", true, false, true, false, "max", 99.99));
    }

    @Override
    public void check(ConfigSettings settings, RuleReport report) {
        for (TensorKind kind : settings.quantizedKinds()) {
            check(settings.of(kind), report);
        }
    }

    private void check(TensorSettings s, RuleReport p) {
        TensorKind kind = s.kind();
        if (!s.datatype().equals("int")) {
            // Vitis AI's float datatypes would keep the tensor in bfloat16/float16/float32; this target writes integer QDQ only.
            p.problem(s.pathOf(QuantSetting.DATATYPE), kind, "qforge does not implement datatype " + s.datatype()
                    + " on target_device CPU/GPU (onnxruntime-cpu quantizes to integers only); remove it or set it to int");
            return;
        }
        QuantSpec spec = s.spec();
        String target = "target_device CPU/GPU";
        boolean powerOfTwo = plugins.find(ScaleType.class, spec.scaleType()).map(ScaleType::powerOfTwo).orElse(false);
        if (spec.perChannel() && kind != TensorKind.WEIGHTS) {
            p.problem(s.pathOf(QuantSetting.PER_CHANNEL), kind, "per_channel true is allowed for weights only on " + target
                    + ". Set it under tensor_quantize_config.weights instead");
        }
        if (spec.perChannel() && !powerOfTwo && !spec.method().equals("maxmin")) {
            p.problem(s.blame(QuantSetting.METHOD, QuantSetting.PER_CHANNEL), kind, "per-channel quantization with a float scale allows method "
                    + "maxmin only on " + target + ", not '" + spec.method() + "'. Allowed: maxmin");
        }
        if (!spec.symmetric() && HISTOGRAM_METHODS.contains(spec.method())) {
            p.problem(s.blame(QuantSetting.METHOD, QuantSetting.SYMMETRY), kind, "asymmetric quantization (symmetry false) cannot use method '"
                    + spec.method() + "' on " + target + ". Allowed with symmetry false: maxmin, diffs");
        }
        if (powerOfTwo) {
            if (!POWER_OF_TWO_METHODS.contains(spec.method())) {
                p.problem(s.blame(QuantSetting.METHOD, QuantSetting.SCALE_TYPE), kind, "scale_type " + spec.scaleType()
                        + " allows method diffs or maxmin only, not '" + spec.method() + "'");
            }
            if (!spec.signed()) {
                p.problem(s.pathOf(QuantSetting.SIGNED), kind, "signed false is not allowed: scale_type " + spec.scaleType()
                        + " is signed only. Allowed: true");
            }
            if (!spec.statisticMethod().equals("modal")) {
                p.problem(s.blame(QuantSetting.CALIB_STATISTIC_METHOD, QuantSetting.SCALE_TYPE), kind, "scale_type " + spec.scaleType()
                        + " allows calib_statistic_method modal only, not '" + spec.statisticMethod() + "'");
            }
        }
    }

    @Override
    public SpecAdjustment adjust(ResolvedSpec r) {
        List<SettingChange> changes = new ArrayList<>();
        QuantSpec s = r.spec();
        boolean bias = r.kind() == TensorKind.BIAS;
        int bits = bias ? 32 : 8;
        boolean perChannel = r.kind() == TensorKind.WEIGHTS && s.perChannel();
        SettingChange.note(changes, QuantSetting.BIT_WIDTH, s.bitWidth(), bits, bias ? "ONNX Runtime adds int32 biases"
                : "QuantizeLinear stores 8-bit integers", Integer.toString(bits));
        SettingChange.note(changes, QuantSetting.PER_CHANNEL, s.perChannel(), perChannel, "only weights are quantized per channel",
                Boolean.toString(perChannel));
        ResolvedSpec accepted = r.withSpec(s.withBitWidth(bits).withPerChannel(perChannel));
        Predicate<RoundMode> halfEven = m -> m.xirName().filter(HALF_EVEN::equals).isPresent();
        if (!halfEven.test(r.roundMode())) {
            RoundMode round = pick(RoundMode.class, "half_even", halfEven, "round mode that rounds half to even (XIR name " + HALF_EVEN + ")");
            changes.add(new SettingChange(QuantSetting.ROUND_MODE, r.roundMode().name(), round.name(), "QuantizeLinear rounds half to even",
                    "round modes whose XIR name is " + HALF_EVEN + ": " + plugins.names(RoundMode.class, halfEven)));
            accepted = accepted.withRoundMode(round);
        }
        if (bias) {
            if (r.scaleType().powerOfTwo()) {
                ScaleType scale = pick(ScaleType.class, "float", t -> !t.powerOfTwo(), "scale type with float scales");
                changes.add(new SettingChange(QuantSetting.SCALE_TYPE, r.scaleType().name(), scale.name(), "a bias's scale is input scale x weight scale",
                        plugins.names(ScaleType.class, t -> !t.powerOfTwo())));
                accepted = accepted.withScaleType(scale);
            }
            if (!r.calibrator().name().equals("maxmin")) {
                Calibrator maxmin = pick(Calibrator.class, "maxmin", c -> c.name().equals("maxmin"), "maxmin calibrator");
                changes.add(new SettingChange(QuantSetting.METHOD, r.calibrator().name(), maxmin.name(), "a 32-bit bias needs no clipping search",
                        "maxmin"));
                accepted = accepted.withCalibrator(maxmin);
            }
            SettingChange.note(changes, QuantSetting.SYMMETRY, s.symmetric(), true, "biases have no zero point", "true");
            SettingChange.note(changes, QuantSetting.SIGNED, s.signed(), true, "biases are int32", "true");
            accepted = accepted.withSpec(accepted.spec().withSymmetric(true).withSigned(true));
        }
        return new SpecAdjustment(accepted, changes);
    }

    @Override
    public List<ParamsAdjustment> paramAdjustments() {
        return List.of(new UnsignedActivationsPass(strict), new AccumulatorBiasPass());
    }

    /** The installed plugin that fits: the preferred one when it does, else the first by name. */
    private <T extends QforgePlugin> T pick(Class<T> spi, String preferred, Predicate<T> fits, String wanted) {
        return plugins.choose(spi, preferred, fits).orElseThrow(() -> new InvalidInputException("$.quantization", "target onnxruntime-cpu needs a "
                + wanted + ", and none is installed. Installed: " + plugins.names(spi, t -> true)));
    }

}
