package io.qforge.engine.config.run;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The optimiser of training. */
public enum OptimizerKind {
    @JsonProperty("adam") ADAM,
    @JsonProperty("sgd") SGD
}
