package io.qforge.target.dpuczdx8g;

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
import io.qforge.api.rules.GraphAdjustment;
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
 * What the DPUCZDX8G computes with (REFERENCE.md §2 and §3), the rules of Vitis AI's {@code
 * target_device: DPU}:
 *
 * <ul>
 *   <li>defaults: int, 8 bits, diffs, power of two, symmetric, per tensor, signed, full range,
 *       modal; std_round for weights, bias and input, half_up for activations;
 *   <li>config rules: int only; symmetric, per tensor, full range, a power-of-two scale type,
 *       method diffs or maxmin, modal; activations and biases of one bit width;
 *   <li>every tensor's spec: 8 bits, and a round mode whose XIR name is the hardware's: DPU_ROUND
 *       for activations (the shifter's rounding), STD_ROUND for the rest. A round mode from any
 *       plugin that says so is kept; any other is replaced by one that does;
 *   <li>one params pass, {@link ShiftLimitsPass}.
 * </ul>
 */
final class DpuQuantizationRules implements QuantizationRules {

    private static final Set<String> METHODS = Set.of("diffs", "maxmin");
    static final String ACTIVATION_ROUNDING = "DPU_ROUND";
    static final String OTHER_ROUNDING = "STD_ROUND";

    private final PluginCatalog plugins;
    private final boolean strict;

    DpuQuantizationRules(PluginCatalog plugins, boolean strict) {
        this.plugins = plugins;
        this.strict = strict;
    }

    @Override
    public Optional<QuantSpec> defaults(TensorKind kind) {
        String round = kind == TensorKind.ACTIVATION ? "half_up" : "std_round";
        return Optional.of(new QuantSpec(kind, 8, "diffs", round, "power_of_two", true, false, true, false, "modal", 99.99));
    }

    @Override
    public void check(ConfigSettings settings, RuleReport report) {
        for (TensorKind kind : settings.quantizedKinds()) {
            check(settings.of(kind), report);
        }
        TensorSettings activation = settings.of(TensorKind.ACTIVATION);
        TensorSettings bias = settings.of(TensorKind.BIAS);
        if (activation.spec().bitWidth() != bias.spec().bitWidth()) {
            TensorSettings blamed = bias.isDefault(QuantSetting.BIT_WIDTH) ? activation : bias;
            report.problem(blamed.pathOf(QuantSetting.BIT_WIDTH), null, "target_device DPU needs the same bit_width for activation and bias, but "
                    + "activation has " + activation.spec().bitWidth() + " and bias has " + bias.spec().bitWidth() + ". Allowed: equal bit widths");
        }
    }

    private void check(TensorSettings s, RuleReport report) {
        TensorKind kind = s.kind();
        QuantSpec spec = s.spec();
        if (!s.datatype().equals("int")) {
            report.problem(s.pathOf(QuantSetting.DATATYPE), kind, "datatype '" + s.datatype()
                    + "' is not allowed for target_device DPU, which computes in integers. Allowed: int");
            return;
        }
        requireFlag(s, QuantSetting.SYMMETRY, spec.symmetric(), true, "target_device DPU quantizes symmetrically", report);
        requireFlag(s, QuantSetting.PER_CHANNEL, spec.perChannel(), false, "target_device DPU quantizes per tensor", report);
        requireFlag(s, QuantSetting.NARROW_RANGE, spec.narrowRange(), false, "target_device DPU uses the full signed range", report);
        if (!powerOfTwo(spec.scaleType())) {
            report.problem(s.pathOf(QuantSetting.SCALE_TYPE), kind, "scale_type '" + spec.scaleType()
                    + "' is not allowed for target_device DPU, which shifts by powers of two. Allowed: " + plugins.names(ScaleType.class, ScaleType::powerOfTwo));
        }
        if (!METHODS.contains(spec.method())) {
            report.problem(s.pathOf(QuantSetting.METHOD), kind, "method '" + spec.method() + "' is not allowed for target_device DPU. Allowed: diffs, maxmin");
        }
        if (!spec.statisticMethod().equals("modal")) {
            report.problem(s.pathOf(QuantSetting.CALIB_STATISTIC_METHOD), kind, "calib_statistic_method '" + spec.statisticMethod()
                    + "' is not allowed for target_device DPU. Allowed: modal");
        }
    }

    private static void requireFlag(TensorSettings s, QuantSetting setting, boolean value, boolean required, String why, RuleReport report) {
        if (value != required) {
            report.problem(s.pathOf(setting), s.kind(), setting.key() + " " + value + " is not allowed: " + why + ". Allowed: " + required);
        }
    }

    @Override
    public SpecAdjustment adjust(ResolvedSpec r) {
        List<SettingChange> changes = new ArrayList<>();
        QuantSpec s = r.spec();
        QuantSpec defaults = defaults(r.kind()).orElseThrow();
        SettingChange.note(changes, QuantSetting.BIT_WIDTH, s.bitWidth(), 8, "the DPU computes in 8 bits", "8");
        SettingChange.note(changes, QuantSetting.PER_CHANNEL, s.perChannel(), false, "the DPU quantizes per tensor", "false");
        SettingChange.note(changes, QuantSetting.SYMMETRY, s.symmetric(), true, "the DPU has no zero points", "true");
        SettingChange.note(changes, QuantSetting.SIGNED, s.signed(), true, "the DPU's integers are signed", "true");
        SettingChange.note(changes, QuantSetting.NARROW_RANGE, s.narrowRange(), false, "the DPU uses the full range", "false");
        SettingChange.note(changes, QuantSetting.CALIB_STATISTIC_METHOD, s.statisticMethod(), "modal", "per-batch fix positions combine by their mode", "modal");
        ResolvedSpec accepted = r.withSpec(new QuantSpec(r.kind(), 8, s.method(), s.roundMode(), s.scaleType(), true, false, true, false, "modal",
                s.percentage()));

        if (!r.scaleType().powerOfTwo()) {
            ScaleType scale = pick(ScaleType.class, defaults.scaleType(), ScaleType::powerOfTwo, "scale type whose scales are powers of two");
            changes.add(change(QuantSetting.SCALE_TYPE, r.scaleType(), scale, "the DPU shifts by powers of two", plugins.names(ScaleType.class, ScaleType::powerOfTwo)));
            accepted = accepted.withScaleType(scale);
        }
        if (!METHODS.contains(r.calibrator().name())) {
            Calibrator diffs = pick(Calibrator.class, defaults.method(), c -> METHODS.contains(c.name()), "calibrator diffs or maxmin");
            changes.add(change(QuantSetting.METHOD, r.calibrator(), diffs, "power-of-two scales are calibrated by diffs or maxmin", "diffs, maxmin"));
            accepted = accepted.withCalibrator(diffs);
        }
        String xir = r.kind() == TensorKind.ACTIVATION ? ACTIVATION_ROUNDING : OTHER_ROUNDING;
        Predicate<RoundMode> fits = m -> m.xirName().filter(xir::equals).isPresent();
        if (!fits.test(r.roundMode())) {
            RoundMode round = pick(RoundMode.class, defaults.roundMode(), fits, "round mode whose XIR name is " + xir);
            changes.add(change(QuantSetting.ROUND_MODE, r.roundMode(), round, "the DPU rounds " + r.kind().configName() + " tensors with XIR's "
                    + xir, "round modes whose XIR name is " + xir + ": " + plugins.names(RoundMode.class, fits)));
            accepted = accepted.withRoundMode(round);
        }
        return new SpecAdjustment(accepted, changes);
    }

    @Override
    public List<ParamsAdjustment> paramAdjustments() {
        return List.of(new ShiftLimitsPass(strict));
    }

    @Override
    public List<GraphAdjustment> graphAdjustments() {
        return List.of(new DpuArithmetic());
    }

    private boolean powerOfTwo(String scaleType) {
        return plugins.find(ScaleType.class, scaleType).map(ScaleType::powerOfTwo).orElse(false);
    }

    /** The installed plugin that fits: the preferred one when it does, else the first by name. */
    private <T extends QforgePlugin> T pick(Class<T> spi, String preferred, Predicate<T> fits, String wanted) {
        return plugins.choose(spi, preferred, fits).orElseThrow(() -> new InvalidInputException("$.quantization", "target dpuczdx8g needs a "
                + wanted + ", and none is installed. Installed: " + plugins.names(spi, t -> true)));
    }


    private static SettingChange change(QuantSetting setting, QforgePlugin from, QforgePlugin to, String why, String allowed) {
        return new SettingChange(setting, from.name(), to.name(), why, allowed);
    }
}
