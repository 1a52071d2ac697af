package io.qforge.engine.config.vitis;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.qforge.api.quant.TensorKind;

/** Vitis AI's {@code tensor_quantize_config}: overrides for each kind of tensor. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TensorQuantizeConfigs(
        TensorQuantizeConfig input,
        TensorQuantizeConfig weights,
        TensorQuantizeConfig bias,
        TensorQuantizeConfig activation) {

    /** The override for {@code kind}, or null. */
    public TensorQuantizeConfig of(TensorKind kind) {
        return switch (kind) {
            case INPUT -> input;
            case WEIGHTS -> weights;
            case BIAS -> bias;
            case ACTIVATION -> activation;
        };
    }
}
