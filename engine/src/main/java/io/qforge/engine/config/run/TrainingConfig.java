package io.qforge.engine.config.run;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The {@code training} section. Defaults follow the seed article: feature extraction with Adam
 * for 20 epochs.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingConfig(
        TrainingMode mode,
        Integer epochs,
        Integer batchSize,
        OptimizerKind optimizer,
        Double learningRate,
        Double momentum,
        Double weightDecay,
        LearningRateSchedule schedule,
        Double labelSmoothing) {

    public static final TrainingConfig DEFAULTS = new TrainingConfig(
            TrainingMode.FEATURE_EXTRACTION, 20, 64, OptimizerKind.ADAM, 1e-3, 0.9, 0.0, LearningRateSchedule.COSINE, 0.0);

    /** This section with every unset field taken from {@link #DEFAULTS}. */
    public TrainingConfig withDefaults() {
        TrainingConfig d = DEFAULTS;
        return new TrainingConfig(
                mode != null ? mode : d.mode,
                epochs != null ? epochs : d.epochs,
                batchSize != null ? batchSize : d.batchSize,
                optimizer != null ? optimizer : d.optimizer,
                learningRate != null ? learningRate : d.learningRate,
                momentum != null ? momentum : d.momentum,
                weightDecay != null ? weightDecay : d.weightDecay,
                schedule != null ? schedule : d.schedule,
                labelSmoothing != null ? labelSmoothing : d.labelSmoothing);
    }
}
