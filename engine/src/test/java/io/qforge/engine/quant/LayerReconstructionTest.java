package io.qforge.engine.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.qforge.api.graph.Node;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.target.QuantizedModel;
import io.qforge.engine.config.run.CalibrationConfig;
import io.qforge.engine.execution.ForwardMode;
import io.qforge.engine.execution.GraphExecutor;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fast finetune and AdaRound on a ResNet18 (hashed weights) quantized with the DPU config: each
 * brings the simulated model's logits closer to the float model's on the calibration images,
 * keeps the DPU's power-of-two params, and gives the same values on a second run. AdaRound's
 * weights sit on their own grid in every layer it kept, each rounded down or up from where it was.
 */
class LayerReconstructionTest {

    @TempDir
    Path tmp;

    @Test
    void fastFinetuneLowersTheLogitErrorAndKeepsPowerOfTwoParams() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray images = images(manager);
            DpuQuantizedTorchvision plain = DpuQuantizedTorchvision.of("resnet18", 16, images, tmp, manager);
            DpuQuantizedTorchvision tuned = DpuQuantizedTorchvision.of("resnet18", 16, images, tmp, manager, calibration(true, false));
            PassRecord pass = pass(tuned, "fast-finetune");
            assertTrue(pass.changes().get(0).matches("[1-9]\\d* of 21 layers kept; .*"), pass.changes().get(0));
            assertTrue(logitError(tuned.model(), images) < logitError(plain.model(), images),
                    logitError(tuned.model(), images) + " vs " + logitError(plain.model(), images));
            tuned.model().quantParams().values().forEach(p -> assertTrue(p.isPowerOfTwo(), p.toString()));

            DpuQuantizedTorchvision again = DpuQuantizedTorchvision.of("resnet18", 16, images, tmp, manager, calibration(true, false));
            assertEquals(tuned.model().quantParams(), again.model().quantParams());
            for (String name : tuned.model().parameters().names()) {
                assertArrayEquals(tuned.model().parameters().get(name).toFloatArray(), again.model().parameters().get(name).toFloatArray(), name);
            }
        }
    }

    @Test
    void adaRoundRoundsEachWeightDownOrUpOnItsGrid() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray images = images(manager);
            DpuQuantizedTorchvision plain = DpuQuantizedTorchvision.of("resnet18", 16, images, tmp, manager);
            DpuQuantizedTorchvision rounded = DpuQuantizedTorchvision.of("resnet18", 16, images, tmp, manager, calibration(false, true));
            PassRecord pass = pass(rounded, "adaround");
            assertTrue(pass.changes().get(0).matches("[1-9]\\d* of 21 layers kept; .*"), pass.changes().get(0));
            assertTrue(logitError(rounded.model(), images) < logitError(plain.model(), images));

            QuantizedModel model = rounded.model();
            List<String> kept = pass.changes().stream().skip(1).filter(c -> c.endsWith(", kept")).map(c -> c.substring(0, c.indexOf(':'))).toList();
            int moved = 0;
            for (String layer : kept) {
                Node n = model.graph().node(layer);
                String weight = n.param("weight");
                QuantParams p = model.quantParams().get(weight);
                float s = p.scale(0);
                float[] before = model.floatParameters().get(weight).toFloatArray();
                float[] after = model.parameters().get(weight).toFloatArray();
                for (int i = 0; i < after.length; i++) {
                    float q = after[i] / s;
                    assertEquals(Math.rint(q), q, 0, weight + "[" + i + "] is off its grid");
                    double floor = Math.max(p.qmin(), Math.min(p.qmax(), Math.floor(before[i] / s)));
                    double ceil = Math.max(p.qmin(), Math.min(p.qmax(), Math.floor(before[i] / s) + 1));
                    assertTrue(q == floor || q == ceil, weight + "[" + i + "]: " + before[i] / s + " became " + q);
                    moved += q != Math.max(p.qmin(), Math.min(p.qmax(), Math.round(before[i] / s))) ? 1 : 0;
                }
            }
            assertTrue(moved > 0, "no weight was rounded away from the nearest grid point");
        }
    }

    private static NDArray images(NDManager manager) {
        manager.getEngine().setRandomSeed(5);
        return manager.randomNormal(new Shape(8, 3, 16, 16));
    }

    private static CalibrationConfig calibration(boolean fastFinetune, boolean adaRound) {
        return new CalibrationConfig(2, 4, 1, 16, fastFinetune, 3, adaRound, 100, null, null);
    }

    private static PassRecord pass(DpuQuantizedTorchvision quantized, String name) {
        return quantized.passes().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    /** The mean squared difference of the simulated model's logits from the float model's on {@code images}. */
    private static double logitError(QuantizedModel model, NDArray images) {
        GraphExecutor executor = new GraphExecutor(model.graph());
        SimulatedQuantization simulated = SimulatedQuantization.of(model);
        String input = model.graph().inputs().get(0).name();
        NDArray reference = executor.forward(model.floatParameters(), images, ForwardMode.INFERENCE);
        NDArray quantized = executor.forward(model.parameters(), simulated.input(input, images), ForwardMode.INFERENCE, simulated);
        simulated.release();
        return quantized.sub(reference).square().mean().getFloat();
    }

}
