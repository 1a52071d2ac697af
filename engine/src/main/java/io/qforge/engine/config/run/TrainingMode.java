package io.qforge.engine.config.run;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the new head is trained (REFERENCE.md §1). */
public enum TrainingMode {
    /** Backbone frozen, features cached, only the head trains. */
    @JsonProperty("feature-extraction") FEATURE_EXTRACTION,
    /** All layers train from the pretrained weights. */
    @JsonProperty("fine-tune") FINE_TUNE,
    /** All layers train from initialisation. */
    @JsonProperty("scratch") SCRATCH,
    /** Nothing trains: the model is used as its weights give it, e.g. one trained outside qforge. */
    @JsonProperty("none") NONE
}
