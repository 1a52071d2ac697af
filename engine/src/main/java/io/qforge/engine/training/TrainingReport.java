package io.qforge.engine.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * What {@code qforge train} writes to {@code out/<run>/training.json}.
 *
 * @param run the run's name
 * @param backbone the backbone plugin
 * @param weights where the starting weights came from
 * @param mode the training mode
 * @param classNames the classes, by label
 * @param trainImages images trained on
 * @param testImages images evaluated on
 * @param skippedFiles files the dataset left out as unreadable
 * @param pretrain the pretrained checkpoint, when a recipe made or reused one
 * @param result the main training
 * @param comparisons the comparison trainings, by name
 * @param checkpoint the written checkpoint
 * @param teacher the teacher of a distillation, evaluated on the same test split
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingReport(
        String run,
        String backbone,
        String weights,
        String mode,
        List<String> classNames,
        int trainImages,
        int testImages,
        List<String> skippedFiles,
        Pretrain pretrain,
        Result result,
        Map<String, Result> comparisons,
        String checkpoint,
        TeacherResult teacher) {

    /** A training's figures. */
    public record Result(String label, double testAccuracy, int keptEpoch, double seconds, List<EpochMetrics> epochs) {

        public static Result of(TrainingHistory h) {
            return new Result(h.label(), h.testAccuracy(), h.keptEpoch(), h.seconds(), h.epochs());
        }
    }

    /**
     * A distillation's teacher.
     *
     * @param label e.g. "teacher resnet50"
     * @param weights where its weights came from
     * @param testAccuracy its top-1 on the student's test split, over the student's classes
     * @param logitsCached whether its logits on the training set were computed once
     * @param cacheSeconds how long computing them took (0 when not cached)
     */
    public record TeacherResult(String label, String weights, double testAccuracy, boolean logitsCached, double cacheSeconds) {}

    /** The pretrained checkpoint a recipe produced. */
    public record Pretrain(String checkpoint, boolean reused, Double testAccuracy) {}
}
