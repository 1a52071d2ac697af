package io.qforge.engine.config.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** How the new head is trained (REFERENCE.md §1). */
public enum TrainingMode {
    /** Backbone frozen, features cached, only the head trains. */
    @JsonProperty("feature-extraction") FEATURE_EXTRACTION,
    /** All layers train from the pretrained weights. */
    @JsonProperty("fine-tune") FINE_TUNE,
    /** All layers train from initialisation. */
    @JsonProperty("scratch") SCRATCH,
    /** All layers of a student train from its weights, learning from a teacher's softened logits and the labels. */
    @JsonProperty("distill") DISTILL,
    /**
     * Quantization-aware training: the quantize stage trains the model as the target quantizes it,
     * fake quantization forward and straight-through gradients, from the model as its weights give it.
     */
    @JsonProperty("qat") QAT,
    /** Nothing trains: the model is used as its weights give it, e.g. one trained outside qforge. */
    @JsonProperty("none") NONE;

    /** The mode as a config spells it, e.g. {@code feature-extraction}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
