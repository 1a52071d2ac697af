package io.qforge.engine.quant;

import io.qforge.api.InvalidInputException;
import io.qforge.api.graph.ParameterSpec;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.rules.AdjustedParams;
import io.qforge.api.rules.ParamsAdjustment;
import io.qforge.engine.config.run.CheckpointChoice;
import io.qforge.engine.config.run.TrainingConfig;
import io.qforge.engine.execution.ForwardMode;
import io.qforge.engine.execution.GraphExecutor;
import io.qforge.engine.training.Distillation;
import io.qforge.engine.training.Forward;
import io.qforge.engine.training.Teacher;
import io.qforge.engine.training.Trainer;
import io.qforge.engine.training.TrainingHistory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Quantization-aware training (training mode qat): the folded model, as the target computes it,
 * trains on the training split with every quantized tensor fake-quantized in the forward pass and
 * straight-through gradients, under the params calibration and the target's params passes gave.
 *
 * <p>The params stay frozen. Fix positions are integers: a learned log2 threshold (TQT) moves one
 * only when it crosses a power of two, which a short fine-tune seldom does, and every move would
 * have to pass the target's shift rules again. Frozen, the params the target made legal stay legal
 * through training, the trained model is exactly the one the target compiles, and the same seed
 * gives the same result. Batch norm is folded before training (fold-batch-norm runs first), so
 * training sees the convolutions the hardware runs and no batch statistics move.
 *
 * <p>With a teacher, the loss adds the teacher's softened logits (quantization-aware
 * distillation); teacher {@code "float"} is the float model this quantization started from.
 */
final class QuantizationAwareTraining {

    private QuantizationAwareTraining() {}

    /** Trains {@code s.parameters} in place of the calibrated model; the float model stays as the reference. */
    static TrainingHistory run(QuantizationState s, List<ParamsAdjustment> targetPasses, String targetName) {
        TrainingConfig t = s.training;
        // Every params pass of the target first, those that run once at the end too, so training sees the params the hardware runs.
        for (ParamsAdjustment pass : targetPasses) {
            s.params = PostTrainingPasses.merged(s.params, pass.apply(s.model()));
        }
        StraightThroughQuantization ste = new StraightThroughQuantization(s.plan.specs(), s.params);
        GraphExecutor executor = new GraphExecutor(s.graph);
        String input = s.graph.inputs().get(0).name();
        Forward forward = (p, x, mode) -> executor.forward(p, ste.begin(input, x), mode, ste);
        Set<String> trainable = new HashSet<>();
        s.graph.parameters().values().stream().filter(ParameterSpec::trainable).forEach(p -> trainable.add(p.name()));
        s.progress.say(String.format(Locale.ROOT, "quantization-aware training: %d tensors, their params frozen; %d parameter tensors train%s",
                s.params.size(), trainable.size(), t.teacher() == null ? "" : ", " + teacherName(s) + " teaching"));
        TrainingHistory h;
        try (Distillation distillation = distillation(s, t)) {
            h = new Trainer(s.progress).fit(new Trainer.Run("qat", forward, s.parameters, trainable, ForwardMode.TRAINING, s.augmentedTrain, s.test,
                    t, true, t.checkpoint() == CheckpointChoice.BEST, s.seed, distillation), s.manager);
        }
        if (s.floatParameters == null) {
            s.floatParameters = s.parameters;
        }
        s.parameters = h.parameters();
        checkTargetPassesHold(s, targetPasses, targetName);
        return h;
    }

    private static Distillation distillation(QuantizationState s, TrainingConfig t) {
        if (t.teacher() == null) {
            return null;
        }
        Teacher teacher = s.teacher != null ? s.teacher
                : new Teacher("float model", new GraphExecutor(s.floatModel().graph()), s.floatModel().parameters(), null);
        return t.cacheTeacherLogits() ? Distillation.cached(teacher, s.train, t.batchSize(), t.temperature(), t.alpha(), s.manager, s.progress)
                : Distillation.live(teacher, t.temperature(), t.alpha(), s.manager);
    }

    private static String teacherName(QuantizationState s) {
        return s.teacher != null ? s.teacher.label() : "the float model";
    }

    /**
     * The target's params passes, run on the trained model, must leave the frozen params as they
     * are: a pass that would move them reads the values themselves, which training with frozen
     * params cannot follow, so the trained model would not be the one the target runs.
     */
    private static void checkTargetPassesHold(QuantizationState s, List<ParamsAdjustment> targetPasses, String targetName) {
        List<String> moved = new ArrayList<>();
        for (ParamsAdjustment pass : targetPasses) {
            AdjustedParams adjusted = pass.apply(s.model());
            adjusted.params().forEach((tensor, p) -> {
                QuantParams trained = s.params.get(tensor);
                if (!p.equals(trained)) {
                    moved.add(pass.name() + " moved " + tensor + " from " + trained + " to " + p);
                }
            });
        }
        if (!moved.isEmpty()) {
            throw new InvalidInputException("$.training.mode", "qat cannot express the rules of target " + targetName + ": after training "
                    + "with frozen params, its params passes change " + moved.size() + " of them, so the rules depend on the trained values "
                    + "(" + String.join("; ", moved.subList(0, Math.min(3, moved.size()))) + "). Allowed for this target: "
                    + "mode none or fine-tune, then post-training quantization (calibration, include_fast_ft, include_adaround)");
        }
    }
}
