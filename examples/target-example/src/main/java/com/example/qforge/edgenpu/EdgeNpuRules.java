package com.example.qforge.edgenpu;

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
import java.util.function.Predicate;

/**
 * What edge-npu computes with:
 *
 * <ul>
 *   <li>weights: 4 bits, one power-of-two scale per output channel (axis 0), symmetric, signed,
 *       full range;
 *   <li>input and activations: 8 bits unsigned with a zero point, one float scale per tensor;
 *   <li>biases: 32 bits, one float scale, symmetric, signed;
 *   <li>every kind: calibrated by maxmin, batch results combined by max, rounded half to even
 *       (a round mode whose XIR name is PY3_ROUND).
 * </ul>
 *
 * These are the defaults; a config that breaks the hard ones (4-bit per-channel power-of-two
 * weights, unsigned 8-bit activations, half-to-even rounding) is refused with the JSON path, and
 * every tensor's spec is adjusted to all of them. One params pass, {@link EqualAddInputsPass}.
 */
final class EdgeNpuRules implements QuantizationRules {

    /** XIR's name of half-to-even rounding, the NPU's only rounding. */
    static final String HALF_EVEN = "PY3_ROUND";
    static final String METHOD = "maxmin";
    static final String STATISTIC = "max";
    private static final double PERCENTAGE = 99.99;

    private static final Predicate<RoundMode> ROUNDS_HALF_EVEN = m -> m.xirName().filter(HALF_EVEN::equals).isPresent();
    private static final Predicate<ScaleType> POWER_OF_TWO = ScaleType::powerOfTwo;
    private static final Predicate<ScaleType> FLOAT_SCALE = t -> !t.powerOfTwo();
    private static final Predicate<Calibrator> MAXMIN = c -> c.name().equals(METHOD);

    private final PluginCatalog plugins;
    private final boolean strict;

    EdgeNpuRules(PluginCatalog plugins, boolean strict) {
        this.plugins = plugins;
        this.strict = strict;
    }

    @Override
    public Optional<QuantSpec> defaults(TensorKind kind) {
        return Optional.of(required(kind));
    }

    /** Every setting the NPU needs for {@code kind}, with the installed plugins qforge ships. */
    private static QuantSpec required(TensorKind kind) {
        return switch (kind) {
            case WEIGHTS -> new QuantSpec(kind, 4, METHOD, "half_even", "power_of_two", true, true, true, false, STATISTIC, PERCENTAGE);
            case BIAS -> new QuantSpec(kind, 32, METHOD, "half_even", "float", true, false, true, false, STATISTIC, PERCENTAGE);
            case INPUT, ACTIVATION -> new QuantSpec(kind, 8, METHOD, "half_even", "float", false, false, false, false, STATISTIC, PERCENTAGE);
        };
    }

    @Override
    public void check(ConfigSettings settings, RuleReport report) {
        for (TensorKind kind : settings.quantizedKinds()) {
            check(settings.of(kind), report);
        }
    }

    private void check(TensorSettings s, RuleReport report) {
        TensorKind kind = s.kind();
        QuantSpec spec = s.spec();
        if (!s.datatype().equals("int")) {
            report.problem(s.pathOf(QuantSetting.DATATYPE), kind, "datatype '" + s.datatype() + "' is not allowed: edge-npu computes "
                    + kind.configName() + " tensors in integers. Allowed: int");
            return;
        }
        if (kind == TensorKind.WEIGHTS) {
            if (!spec.perChannel()) {
                report.problem(s.pathOf(QuantSetting.PER_CHANNEL), kind, "per_channel false is not allowed for weights: edge-npu scales "
                        + "each output channel by its own power of two. Allowed: true");
            }
            if (spec.bitWidth() != 4) {
                report.problem(s.pathOf(QuantSetting.BIT_WIDTH), kind, "bit_width " + spec.bitWidth() + " is not allowed for weights: "
                        + "edge-npu's multipliers take 4-bit weights. Allowed: 4");
            }
            if (!plugins.find(ScaleType.class, spec.scaleType()).map(ScaleType::powerOfTwo).orElse(false)) {
                report.problem(s.pathOf(QuantSetting.SCALE_TYPE), kind, "scale_type '" + spec.scaleType() + "' is not allowed for weights: "
                        + "edge-npu shifts weight products by powers of two. Allowed: " + plugins.names(ScaleType.class, POWER_OF_TWO));
            }
        }
        if (kind == TensorKind.INPUT || kind == TensorKind.ACTIVATION) {
            if (spec.signed()) {
                report.problem(s.pathOf(QuantSetting.SIGNED), kind, "signed true is not allowed for " + kind.configName()
                        + " tensors: edge-npu's activations are unsigned bytes with a zero point. Allowed: false");
            }
            if (spec.bitWidth() != 8) {
                report.problem(s.pathOf(QuantSetting.BIT_WIDTH), kind, "bit_width " + spec.bitWidth() + " is not allowed for "
                        + kind.configName() + " tensors: edge-npu's activations are 8-bit. Allowed: 8");
            }
        }
        if (!plugins.find(RoundMode.class, spec.roundMode()).map(ROUNDS_HALF_EVEN::test).orElse(false)) {
            report.problem(s.pathOf(QuantSetting.ROUND_MODE), kind, "round_mode '" + spec.roundMode() + "' is not allowed: edge-npu rounds "
                    + "half to even (XIR " + HALF_EVEN + "). Allowed: " + plugins.names(RoundMode.class, ROUNDS_HALF_EVEN));
        }
    }

    @Override
    public SpecAdjustment adjust(ResolvedSpec r) {
        TensorKind kind = r.kind();
        QuantSpec s = r.spec();
        QuantSpec need = required(kind);
        boolean weights = kind == TensorKind.WEIGHTS;
        boolean activation = kind == TensorKind.INPUT || kind == TensorKind.ACTIVATION;
        List<SettingChange> changes = new ArrayList<>();
        SettingChange.note(changes, QuantSetting.BIT_WIDTH, s.bitWidth(), need.bitWidth(), weights ? "edge-npu's multipliers take 4-bit weights"
                : activation ? "edge-npu's activations are 8-bit" : "edge-npu adds biases in its 32-bit accumulator", Integer.toString(need.bitWidth()));
        SettingChange.note(changes, QuantSetting.PER_CHANNEL, s.perChannel(), need.perChannel(), weights
                ? "edge-npu scales each output channel of the weights by its own power of two"
                : "edge-npu has one scale per " + kind.configName() + " tensor", Boolean.toString(need.perChannel()));
        SettingChange.note(changes, QuantSetting.SYMMETRY, s.symmetric(), need.symmetric(), activation
                ? "edge-npu's activations are unsigned with a zero point" : "edge-npu has no zero point for " + kind.configName() + " tensors",
                Boolean.toString(need.symmetric()));
        SettingChange.note(changes, QuantSetting.SIGNED, s.signed(), need.signed(), activation
                ? "edge-npu's activations are unsigned bytes" : "edge-npu's " + kind.configName() + " integers are signed",
                Boolean.toString(need.signed()));
        SettingChange.note(changes, QuantSetting.NARROW_RANGE, s.narrowRange(), false, "edge-npu uses the full integer range", "false");
        SettingChange.note(changes, QuantSetting.CALIB_STATISTIC_METHOD, s.statisticMethod(), STATISTIC,
                "edge-npu calibrates the union of the batches' ranges", STATISTIC);
        ResolvedSpec accepted = r.withSpec(new QuantSpec(kind, need.bitWidth(), s.method(), s.roundMode(), s.scaleType(), need.symmetric(),
                need.perChannel(), need.signed(), false, STATISTIC, s.percentage()));

        Predicate<ScaleType> scaleFits = weights ? POWER_OF_TWO : FLOAT_SCALE;
        if (!scaleFits.test(r.scaleType())) {
            ScaleType scale = pick(ScaleType.class, need.scaleType(), scaleFits, weights ? "scale type whose scales are powers of two"
                    : "scale type with float scales");
            changes.add(new SettingChange(QuantSetting.SCALE_TYPE, r.scaleType().name(), scale.name(), weights
                    ? "edge-npu shifts weight products by powers of two" : "edge-npu rescales " + kind.configName() + " tensors by float multipliers",
                    plugins.names(ScaleType.class, scaleFits)));
            accepted = accepted.withScaleType(scale);
        }
        if (!MAXMIN.test(r.calibrator())) {
            Calibrator maxmin = pick(Calibrator.class, METHOD, MAXMIN, "maxmin calibrator");
            changes.add(new SettingChange(QuantSetting.METHOD, r.calibrator().name(), maxmin.name(),
                    "edge-npu's scales cover the observed range", METHOD));
            accepted = accepted.withCalibrator(maxmin);
        }
        if (!ROUNDS_HALF_EVEN.test(r.roundMode())) {
            RoundMode round = pick(RoundMode.class, need.roundMode(), ROUNDS_HALF_EVEN, "round mode that rounds half to even (XIR name "
                    + HALF_EVEN + ")");
            changes.add(new SettingChange(QuantSetting.ROUND_MODE, r.roundMode().name(), round.name(), "edge-npu rounds half to even",
                    "round modes whose XIR name is " + HALF_EVEN + ": " + plugins.names(RoundMode.class, ROUNDS_HALF_EVEN)));
            accepted = accepted.withRoundMode(round);
        }
        return new SpecAdjustment(accepted, changes);
    }

    @Override
    public List<ParamsAdjustment> paramAdjustments() {
        return List.of(new EqualAddInputsPass(strict));
    }

    /** The installed plugin that fits: the preferred one when it does, else the first by name. */
    private <T extends QforgePlugin> T pick(Class<T> spi, String preferred, Predicate<T> fits, String wanted) {
        return plugins.choose(spi, preferred, fits).orElseThrow(() -> new InvalidInputException("$.quantization", "target "
                + EdgeNpuTarget.NAME + " needs a " + wanted + ", and none is installed. Installed: " + plugins.names(spi, t -> true)));
    }
}
