package io.qforge.engine.training;

import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.CosineTracker;
import ai.djl.training.tracker.MultiFactorTracker;
import ai.djl.training.tracker.ParameterTracker;
import ai.djl.training.tracker.Tracker;
import io.qforge.engine.config.run.OptimizerKind;
import io.qforge.engine.config.run.TrainingConfig;

/**
 * DJL's optimiser for a training section: Adam (betas 0.9, 0.999, eps 1e-8) or SGD with
 * momentum, L2 weight decay, and a learning rate that is constant, cosine-annealed to zero over
 * all steps, or divided by 10 after a third and after two thirds of the steps.
 */
final class OptimizerFactory {

    private OptimizerFactory() {}

    static Optimizer create(TrainingConfig t, int totalSteps) {
        ParameterTracker rate = schedule(t, totalSteps);
        float decay = t.weightDecay().floatValue();
        if (t.optimizer() == OptimizerKind.SGD) {
            return Optimizer.sgd().setLearningRateTracker(rate).optMomentum(t.momentum().floatValue()).optWeightDecays(decay).build();
        }
        return Optimizer.adam().optLearningRateTracker(rate).optWeightDecays(decay).build();
    }

    private static ParameterTracker schedule(TrainingConfig t, int totalSteps) {
        float lr = t.learningRate().floatValue();
        return switch (t.schedule()) {
            case CONSTANT -> Tracker.fixed(lr);
            case COSINE -> CosineTracker.builder().setBaseValue(lr).optFinalValue(0f).setMaxUpdates(Math.max(1, totalSteps)).build();
            case STEP -> MultiFactorTracker.builder().setBaseValue(lr)
                    .setSteps(new int[] {Math.max(1, totalSteps / 3), Math.max(2, 2 * totalSteps / 3)}).optFactor(0.1f).build();
        };
    }
}
