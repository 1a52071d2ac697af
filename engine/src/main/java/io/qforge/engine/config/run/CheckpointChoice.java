package io.qforge.engine.config.run;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which epoch's weights a training keeps. */
public enum CheckpointChoice {
    @JsonProperty("last") LAST,
    /** The epoch with the best test accuracy (the test split then also chooses the model). */
    @JsonProperty("best") BEST
}
