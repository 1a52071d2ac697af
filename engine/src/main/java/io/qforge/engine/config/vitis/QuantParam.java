package io.qforge.engine.config.vitis;

import io.qforge.api.quant.QuantSetting;
import io.qforge.api.quant.QuantSpec;
import java.util.Locale;
import java.util.function.Function;

/**
 * The per-tensor parameters of the Vitis AI schema: where a config sets each one, and where a
 * target's default spec holds it.
 */
public enum QuantParam {
    DATATYPE(QuantSetting.DATATYPE, TensorQuantizeConfig::datatype, spec -> NumericType.INT),
    BIT_WIDTH(QuantSetting.BIT_WIDTH, TensorQuantizeConfig::bitWidth, QuantSpec::bitWidth),
    METHOD(QuantSetting.METHOD, TensorQuantizeConfig::method, QuantSpec::method),
    ROUND_MODE(QuantSetting.ROUND_MODE, TensorQuantizeConfig::roundMode, QuantSpec::roundMode),
    SYMMETRY(QuantSetting.SYMMETRY, TensorQuantizeConfig::symmetry, QuantSpec::symmetric),
    PER_CHANNEL(QuantSetting.PER_CHANNEL, TensorQuantizeConfig::perChannel, QuantSpec::perChannel),
    SIGNED(QuantSetting.SIGNED, TensorQuantizeConfig::signed, QuantSpec::signed),
    NARROW_RANGE(QuantSetting.NARROW_RANGE, TensorQuantizeConfig::narrowRange, QuantSpec::narrowRange),
    SCALE_TYPE(QuantSetting.SCALE_TYPE, TensorQuantizeConfig::scaleType, QuantSpec::scaleType),
    CALIB_STATISTIC_METHOD(QuantSetting.CALIB_STATISTIC_METHOD, TensorQuantizeConfig::calibStatisticMethod,
            spec -> StatisticMethod.valueOf(spec.statisticMethod().toUpperCase(Locale.ROOT))),
    PERCENTAGE(QuantSetting.PERCENTAGE, TensorQuantizeConfig::percentage, QuantSpec::percentage);

    private final QuantSetting setting;
    private final Function<TensorQuantizeConfig, Object> inConfig;
    private final Function<QuantSpec, Object> inSpec;

    QuantParam(QuantSetting setting, Function<TensorQuantizeConfig, Object> inConfig, Function<QuantSpec, Object> inSpec) {
        this.setting = setting;
        this.inConfig = inConfig;
        this.inSpec = inSpec;
    }

    public QuantSetting setting() {
        return setting;
    }

    public String key() {
        return setting.key();
    }

    /** The value {@code config} sets for this parameter, or null. */
    public Object in(TensorQuantizeConfig config) {
        return config == null ? null : inConfig.apply(config);
    }

    /** The value a default spec gives this parameter; every datatype defaults to int, Vitis AI's default. */
    public Object in(QuantSpec spec) {
        return inSpec.apply(spec);
    }
}
