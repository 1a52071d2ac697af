package io.qforge.engine.quant;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.qforge.api.quant.QuantParams;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fast finetune (AdaQuant; Vitis AI's {@code include_fast_ft} with {@code fast_ft_epochs}): a
 * layer's weights and bias are trained, with the straight-through estimator through their
 * fake quantization, to make its quantized output match the float model's on the calibration
 * batches. The weights' quant params are derived again afterwards, so power-of-two fix
 * positions follow the new values, and the target's shift rules run again on them.
 *
 * <p>Adam's steps are a fixed fraction of each tensor's quantization step (the weights' own, and
 * for the bias the layer's output step): layers of any scale then move by a few steps at most
 * over the epochs, and a learning rate need not be tuned per model.
 */
final class FastFinetune implements LayerReconstruction.LayerStep {

    /** Adam's step as a fraction of the quantization step. */
    static final float STEP_FRACTION = 0.05f;

    private final int epochs;

    FastFinetune(int epochs) {
        this.epochs = epochs;
    }

    @Override
    public Set<String> recalibrated() {
        return Set.of("weight", "bias");
    }

    @Override
    public Map<String, NDArray> optimize(ReconstructedLayer layer, List<LayerReconstruction.LayerSample> samples, NDManager manager) {
        Map<String, NDArray> trained = new LinkedHashMap<>();
        Map<String, Optimizer> optimizers = new LinkedHashMap<>();
        layer.values().forEach((role, value) -> {
            NDArray copy = value.duplicate();
            copy.attach(manager);
            copy.setRequiresGradient(true);
            trained.put(role, copy);
            optimizers.put(role, Optimizer.adam().optLearningRateTracker(Tracker.fixed(rate(layer, role))).build());
        });
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (LayerReconstruction.LayerSample sample : samples) {
                // Everything a step computes lands in its own manager; Adam's state stays with the values.
                try (NDManager step = manager.newSubManager()) {
                    step.tempAttachAll(sample.input(), sample.target());
                    trained.values().forEach(step::tempAttachAll);
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        Map<String, NDArray> used = new LinkedHashMap<>();
                        trained.forEach((role, value) -> used.put(role, straightThrough(layer, role, value)));
                        collector.backward(layer.forward(sample.input(), used::get).sub(sample.target()).square().mean());
                    }
                }
                trained.forEach((role, value) -> {
                    try (NDArray gradient = value.getGradient()) {
                        optimizers.get(role).update(role, value, gradient);
                        gradient.subi(gradient); // PyTorch accumulates gradients; start the next step from zero
                    }
                });
            }
        }
        Map<String, NDArray> values = new LinkedHashMap<>();
        trained.forEach((role, value) -> {
            NDArray plain = value.stopGradient();
            plain.attach(manager);
            values.put(role, plain);
        });
        return values;
    }

    /** The fake-quantized value forward, the identity backward: gradients reach the float value. */
    private static NDArray straightThrough(ReconstructedLayer layer, String role, NDArray value) {
        NDArray q = layer.quantized(role, value);
        return q == value ? value : value.add(q.sub(value).stopGradient());
    }

    /** Adam's learning rate for the parameter of {@code role}: a fraction of its quantization step. */
    private static float rate(ReconstructedLayer layer, String role) {
        QuantParams own = layer.params().get(role);
        QuantParams basis = role.equals("bias") && layer.outputParams() != null ? layer.outputParams() : own;
        if (basis == null) {
            basis = layer.params().get("weight");
        }
        if (basis == null) {
            return 1e-4f;
        }
        float[] scales = basis.scales();
        double mean = 0;
        for (float s : scales) {
            mean += s;
        }
        return (float) (STEP_FRACTION * mean / scales.length);
    }
}
