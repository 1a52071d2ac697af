package io.qforge.engine.config.vitis;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Vitis AI's {@code datatype}. */
public enum NumericType {
    @JsonProperty("int") INT,
    @JsonProperty("bfloat16") BFLOAT16,
    @JsonProperty("float16") FLOAT16,
    @JsonProperty("float32") FLOAT32
}
