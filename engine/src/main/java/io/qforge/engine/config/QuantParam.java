package io.qforge.engine.config;

import java.util.function.Function;

/** The per-tensor parameters of the Vitis AI schema, with their JSON keys. */
public enum QuantParam {
    DATATYPE("datatype", TensorQuantizeConfig::datatype),
    BIT_WIDTH("bit_width", TensorQuantizeConfig::bitWidth),
    METHOD("method", TensorQuantizeConfig::method),
    ROUND_MODE("round_mode", TensorQuantizeConfig::roundMode),
    SYMMETRY("symmetry", TensorQuantizeConfig::symmetry),
    PER_CHANNEL("per_channel", TensorQuantizeConfig::perChannel),
    SIGNED("signed", TensorQuantizeConfig::signed),
    NARROW_RANGE("narrow_range", TensorQuantizeConfig::narrowRange),
    SCALE_TYPE("scale_type", TensorQuantizeConfig::scaleType),
    CALIB_STATISTIC_METHOD("calib_statistic_method", TensorQuantizeConfig::calibStatisticMethod),
    PERCENTAGE("percentage", TensorQuantizeConfig::percentage);

    private final String key;
    private final Function<TensorQuantizeConfig, Object> getter;

    QuantParam(String key, Function<TensorQuantizeConfig, Object> getter) {
        this.key = key;
        this.getter = getter;
    }

    public String key() {
        return key;
    }

    /** The value {@code config} sets for this parameter, or null. */
    public Object in(TensorQuantizeConfig config) {
        return config == null ? null : getter.apply(config);
    }
}
