package io.qforge.engine.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import io.qforge.api.graph.Parameters;
import io.qforge.engine.config.run.TrainingConfig;
import io.qforge.engine.execution.ForwardMode;
import java.util.List;
import java.util.Set;

/**
 * One optimisation step of the training loop, in two halves: {@link #learn} (forward, loss,
 * backward) while the batch's arrays are open, then {@link #update} (the optimiser on every
 * trainable parameter) after they are closed. {@link Trainer} runs it for every batch;
 * {@code bench/train} times it against PyTorch.
 */
public final class TrainingStep {

    /** The batch's mean loss and how many of its rows were predicted right. */
    public record Outcome(float loss, int correct) {}

    private final Forward forward;
    private final Parameters working;
    private final List<String> trainable;
    private final ForwardMode mode;
    private final Optimizer optimizer;
    private final double labelSmoothing;
    private final Distillation distillation;

    /**
     * @param working the parameters to train, in place; the trainable ones must require gradients
     * @param totalSteps how many steps the whole training makes, for the learning-rate schedule
     * @param distillation the teacher's loss, or null for the labels alone
     */
    public TrainingStep(Forward forward, Parameters working, Set<String> trainable, ForwardMode mode, TrainingConfig config, int totalSteps,
            Distillation distillation) {
        this.forward = forward;
        this.working = working;
        this.trainable = List.copyOf(trainable);
        this.mode = mode;
        this.optimizer = OptimizerFactory.create(config, totalSteps);
        this.labelSmoothing = config.labelSmoothing();
        this.distillation = distillation;
    }

    /** Forward, loss and backward on {@code inputs}; {@code teacher} holds the teacher's logits when distilling, else null. */
    public Outcome learn(NDArray inputs, int[] labels, NDArray teacher) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray logits = forward.logits(working, inputs, mode);
            NDArray l = distillation == null ? Loss.crossEntropy(logits, labels, labelSmoothing)
                    : distillation.loss(logits, teacher, labels, labelSmoothing);
            collector.backward(l);
            return new Outcome(l.getFloat(), Loss.correct(logits, labels));
        }
    }

    /**
     * The optimiser's update of every trainable parameter from its gradient, which then starts
     * again from zero. Call it after the batch's manager closed: a forward pass may lend it the
     * parameters, and the optimiser's state must outlive it.
     */
    public void update() {
        for (String name : trainable) {
            NDArray weight = working.get(name);
            try (NDArray gradient = weight.getGradient()) {
                optimizer.update(name, weight, gradient);
                gradient.subi(gradient); // PyTorch accumulates gradients; start the next step from zero
            }
        }
    }
}
