package io.qforge.engine.quant;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.qforge.api.quant.QuantParams;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * AdaRound (Nagel et al., 2020, "Up or Down? Adaptive Rounding for Post-Training Quantization"):
 * each weight of a layer is rounded down or up, as a learned variable decides, instead of to the
 * nearest grid point. The variable V gives h(V) = clip(sigmoid(V) (zeta - gamma) + gamma, 0, 1)
 * with zeta 1.1 and gamma -0.1, starts where h(V) is the weight's fractional part, and is trained
 * with Adam (learning rate 1e-3) on the layer's reconstruction error (squared error summed over
 * channels, averaged over positions) plus lambda sum(1 - |2 h(V) - 1|^beta), lambda 0.01, beta
 * annealed from 20 to 2 after a warm start of 20 % of the iterations without it. The result is
 * floor(W / s) + [V >= 0] on the weights' own grid: the scale (a power of two on the DPU) and the
 * calibrated params stay, and the weights are ordinary values on that grid, which every target
 * and integer model take unchanged.
 */
final class AdaRound implements LayerReconstruction.LayerStep {

    private static final float ZETA = 1.1f;
    private static final float GAMMA = -0.1f;
    private static final float LAMBDA = 0.01f;
    private static final float BETA_START = 20f;
    private static final float BETA_END = 2f;
    private static final double WARM_START = 0.2;
    private static final float LEARNING_RATE = 1e-3f;

    private final int iterations;

    AdaRound(int iterations) {
        this.iterations = iterations;
    }

    @Override
    public Set<String> recalibrated() {
        return Set.of();
    }

    @Override
    public Map<String, NDArray> optimize(ReconstructedLayer layer, List<LayerReconstruction.LayerSample> samples, NDManager manager) {
        QuantParams p = layer.params().get("weight");
        if (p == null) {
            return Map.of();
        }
        NDArray w = layer.values().get("weight").duplicate();
        w.attach(manager);
        NDArray scale = FakeQuantization.scale(w, p);
        NDArray zero = FakeQuantization.zeroPoint(w, p);
        NDArray scaled = w.div(scale);
        NDArray floor = scaled.floor();
        NDArray rest = scaled.sub(floor);
        // h(V) = rest at the start: V = -log((zeta - gamma) / (rest - gamma) - 1).
        NDArray v = rest.sub(GAMMA).pow(-1).mul(ZETA - GAMMA).sub(1).log().neg();
        v.setRequiresGradient(true);
        NDArray bias = layer.values().containsKey("bias") ? layer.quantized("bias", layer.values().get("bias")) : null;
        Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(LEARNING_RATE)).build();
        int warm = (int) (WARM_START * iterations);
        for (int i = 0; i < iterations; i++) {
            LayerReconstruction.LayerSample sample = samples.get(i % samples.size());
            // Everything a step computes lands in its own manager; Adam's state stays with V.
            try (NDManager step = manager.newSubManager()) {
                step.tempAttachAll(sample.input(), sample.target(), v, floor, scale, zero);
                if (bias != null) {
                    step.tempAttachAll(bias);
                }
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray h = Activation.sigmoid(v).mul(ZETA - GAMMA).add(GAMMA).clip(0, 1);
                    NDArray rounded = grid(floor.add(h), zero, scale, p);
                    NDArray out = layer.forward(sample.input(), role -> role.equals("weight") ? rounded : bias);
                    NDArray loss = out.sub(sample.target()).square().sum(new int[] {1}).mean();
                    if (i >= warm) {
                        float beta = BETA_END + (BETA_START - BETA_END) * (1 - (float) (i - warm) / Math.max(1, iterations - warm));
                        loss = loss.add(h.mul(2).sub(1).abs().pow(beta).neg().add(1).sum().mul(LAMBDA));
                    }
                    collector.backward(loss);
                }
            }
            try (NDArray gradient = v.getGradient()) {
                adam.update("v", v, gradient);
                gradient.subi(gradient); // PyTorch accumulates gradients; start the next step from zero
            }
        }
        NDArray up = v.stopGradient().gte(0).toType(DataType.FLOAT32, false);
        NDArray rounded = grid(floor.add(up), zero, scale, p);
        rounded.attach(manager);
        return Map.of("weight", rounded);
    }

    /** Grid points (clamped to the integer range) back to values: (clamp(q + z, qmin, qmax) - z) s. */
    private static NDArray grid(NDArray q, NDArray zero, NDArray scale, QuantParams p) {
        return q.add(zero).clip(p.qmin(), p.qmax()).sub(zero).mul(scale);
    }
}
