package io.qforge.engine.config.vitis;

import io.qforge.api.quant.QuantSetting;
import io.qforge.api.quant.QuantSpec;
import io.qforge.api.quant.TensorKind;
import io.qforge.api.rules.TensorSettings;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Every per-tensor parameter of one kind of tensor, resolved, with the path that set each one.
 *
 * @param kind the tensor kind
 * @param location the most specific config path for this kind, e.g. {@code
 *     $.tensor_quantize_config.weights}, named when a rule is broken by defaults alone
 * @param values one entry per {@link QuantParam}
 */
public record ResolvedTensorConfig(TensorKind kind, String location, Map<QuantParam, Sourced> values) {

    public ResolvedTensorConfig {
        values = Collections.unmodifiableMap(new EnumMap<>(values));
    }

    public Sourced get(QuantParam param) {
        return values.get(param);
    }

    public Object value(QuantParam param) {
        return values.get(param).value();
    }

    public boolean flag(QuantParam param) {
        return (Boolean) value(param);
    }

    public int bitWidth() {
        return (Integer) value(QuantParam.BIT_WIDTH);
    }

    public String text(QuantParam param) {
        return value(param).toString();
    }

    /** The JSON path of {@code param}'s value, or this kind's location when it is a default. */
    public String pathOf(QuantParam param) {
        Sourced s = values.get(param);
        return s.isDefault() ? location : s.path();
    }

    /** The resolved values as a complete config, for printing. */
    public TensorQuantizeConfig toConfig() {
        return new TensorQuantizeConfig(
                (NumericType) value(QuantParam.DATATYPE),
                bitWidth(),
                text(QuantParam.METHOD),
                text(QuantParam.ROUND_MODE),
                flag(QuantParam.SYMMETRY),
                flag(QuantParam.PER_CHANNEL),
                flag(QuantParam.SIGNED),
                flag(QuantParam.NARROW_RANGE),
                text(QuantParam.SCALE_TYPE),
                (StatisticMethod) value(QuantParam.CALIB_STATISTIC_METHOD),
                ((Number) value(QuantParam.PERCENTAGE)).doubleValue());
    }

    /** The api's spec; plugin names must already be canonical (see {@link QuantizeConfigValidator}). */
    public QuantSpec toSpec() {
        return new QuantSpec(kind, bitWidth(), text(QuantParam.METHOD), text(QuantParam.ROUND_MODE),
                text(QuantParam.SCALE_TYPE), flag(QuantParam.SYMMETRY), flag(QuantParam.PER_CHANNEL),
                flag(QuantParam.SIGNED), flag(QuantParam.NARROW_RANGE),
                ((StatisticMethod) value(QuantParam.CALIB_STATISTIC_METHOD)).configName(),
                ((Number) value(QuantParam.PERCENTAGE)).doubleValue());
    }

    /** The settings as a target's rules see them: the spec, the datatype, and where each setting was written. */
    public TensorSettings toSettings() {
        Map<QuantSetting, String> writtenAt = new EnumMap<>(QuantSetting.class);
        values.forEach((param, sourced) -> {
            if (!sourced.isDefault()) {
                writtenAt.put(param.setting(), sourced.path());
            }
        });
        String datatype = ((NumericType) value(QuantParam.DATATYPE)).name().toLowerCase(Locale.ROOT);
        return new TensorSettings(toSpec(), datatype, location, writtenAt);
    }
}
