package io.qforge.api.quant;

import com.fasterxml.jackson.annotation.JsonValue;

/** The four kinds of tensor a Vitis AI config quantizes separately. */
public enum TensorKind {
    INPUT("input"),
    WEIGHTS("weights"),
    BIAS("bias"),
    ACTIVATION("activation");

    private final String configName;

    TensorKind(String configName) {
        this.configName = configName;
    }

    /** The spelling in {@code quantizable_data_type} and {@code tensor_quantize_config}. */
    @JsonValue
    public String configName() {
        return configName;
    }
}
