package io.qforge.engine.config.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** Extra trainings reported beside the main one, to show what the transfer is worth. */
public enum CompareRun {
    /** The same head, trained on a frozen, randomly initialised backbone. */
    @JsonProperty("random-backbone") RANDOM_BACKBONE,
    /** All layers trained from the same starting weights. */
    @JsonProperty("fine-tune") FINE_TUNE,
    /** The same student trained on the labels alone (mode distill). */
    @JsonProperty("no-teacher") NO_TEACHER;

    /** The run as a config spells it, e.g. {@code no-teacher}; also its key among a report's comparisons. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
