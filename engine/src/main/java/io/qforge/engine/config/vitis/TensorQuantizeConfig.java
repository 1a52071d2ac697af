package io.qforge.engine.config.vitis;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Vitis AI's per-tensor parameters, as written in {@code overall_quantize_config} or one entry of
 * {@code tensor_quantize_config}. A null field is not set here and is inherited from a less
 * specific level or from the target's defaults.
 *
 * <p>{@code method}, {@code round_mode} and {@code scale_type} name plugins, so they are strings
 * checked against the installed plugins rather than a fixed enum.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TensorQuantizeConfig(
        NumericType datatype,
        Integer bitWidth,
        String method,
        String roundMode,
        Boolean symmetry,
        Boolean perChannel,
        Boolean signed,
        Boolean narrowRange,
        String scaleType,
        StatisticMethod calibStatisticMethod,
        Double percentage) {

    /** A config that sets nothing. */
    public static final TensorQuantizeConfig EMPTY =
            new TensorQuantizeConfig(null, null, null, null, null, null, null, null, null, null, null);
}
