package io.qforge.engine.config.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The {@code training} section. Defaults follow the seed article: feature extraction with Adam
 * for 20 epochs.
 *
 * @param cacheFeatures feature extraction computes the frozen backbone's features once (true) or
 *     runs the backbone in every epoch, as a plain training loop would (false)
 * @param checkpoint keep the last epoch's weights or the best one's
 * @param compare extra trainings to report beside this one
 * @param fineTune settings of the fine-tune comparison that differ from this section's, e.g. a
 *     smaller learning rate for all layers than for a head alone; null when none differ
 * @param teacher the model a student learns from: required in mode distill, optional in mode qat
 *     (quantization-aware distillation)
 * @param temperature the softmax temperature of the teacher's and the student's logits in the
 *     distillation term (Hinton et al.)
 * @param alpha the weight of the distillation term; the labels' cross-entropy gets 1 - alpha
 * @param cacheTeacherLogits compute the teacher's logits on the training set once (true), as
 *     feature extraction caches features, or run the teacher on every batch (false)
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
        Double labelSmoothing,
        Boolean cacheFeatures,
        CheckpointChoice checkpoint,
        List<CompareRun> compare,
        TrainingConfig fineTune,
        TeacherSource teacher,
        Double temperature,
        Double alpha,
        Boolean cacheTeacherLogits) {

    public static final TrainingConfig DEFAULTS = new TrainingConfig(
            TrainingMode.FEATURE_EXTRACTION, 20, 64, OptimizerKind.ADAM, 1e-3, 0.9, 0.0, LearningRateSchedule.COSINE, 0.0,
            true, CheckpointChoice.LAST, List.of(), null, null, 4.0, 0.9, true);

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
                labelSmoothing != null ? labelSmoothing : d.labelSmoothing,
                cacheFeatures != null ? cacheFeatures : d.cacheFeatures,
                checkpoint != null ? checkpoint : d.checkpoint,
                compare != null ? List.copyOf(compare) : d.compare,
                fineTune,
                teacher,
                temperature != null ? temperature : d.temperature,
                alpha != null ? alpha : d.alpha,
                cacheTeacherLogits != null ? cacheTeacherLogits : d.cacheTeacherLogits);
    }

    /** {@code base} with every field this section sets in its place, as mode fine-tune. */
    public TrainingConfig overlaidOn(TrainingConfig base) {
        return new TrainingConfig(
                TrainingMode.FINE_TUNE,
                epochs != null ? epochs : base.epochs,
                batchSize != null ? batchSize : base.batchSize,
                optimizer != null ? optimizer : base.optimizer,
                learningRate != null ? learningRate : base.learningRate,
                momentum != null ? momentum : base.momentum,
                weightDecay != null ? weightDecay : base.weightDecay,
                schedule != null ? schedule : base.schedule,
                labelSmoothing != null ? labelSmoothing : base.labelSmoothing,
                base.cacheFeatures,
                checkpoint != null ? checkpoint : base.checkpoint,
                List.of(),
                null,
                null,
                base.temperature,
                base.alpha,
                base.cacheTeacherLogits);
    }

    /** A copy with another teacher (the validated one, its paths absolute). */
    public TrainingConfig withTeacher(TeacherSource newTeacher) {
        return new TrainingConfig(mode, epochs, batchSize, optimizer, learningRate, momentum, weightDecay, schedule,
                labelSmoothing, cacheFeatures, checkpoint, compare, fineTune, newTeacher, temperature, alpha, cacheTeacherLogits);
    }

    /** A copy with another mode. */
    public TrainingConfig withMode(TrainingMode newMode) {
        return new TrainingConfig(newMode, epochs, batchSize, optimizer, learningRate, momentum, weightDecay, schedule,
                labelSmoothing, cacheFeatures, checkpoint, compare, fineTune, teacher, temperature, alpha, cacheTeacherLogits);
    }
}
