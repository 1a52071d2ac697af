package io.qforge.engine.config.run;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the learning rate changes over epochs. */
public enum LearningRateSchedule {
    @JsonProperty("constant") CONSTANT,
    @JsonProperty("cosine") COSINE,
    @JsonProperty("step") STEP
}
