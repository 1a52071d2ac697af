package io.qforge.engine.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.qforge.api.backbone.BackboneSpec;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.Node;
import io.qforge.engine.data.Batch;
import io.qforge.engine.data.BatchSource;
import io.qforge.engine.execution.ExecutionHooks;
import io.qforge.engine.execution.ForwardMode;
import io.qforge.engine.execution.GraphExecutor;
import io.qforge.engine.fixtures.FixedImages;
import io.qforge.engine.fixtures.PyTorchManager;
import io.qforge.engine.fixtures.TestEngine;
import io.qforge.engine.progress.Progress;
import io.qforge.engine.weights.ParameterInitializer;
import io.qforge.plugin.torchvision.ResNet18Backbone;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class BiasCorrectionTest {

    @RegisterExtension
    final PyTorchManager arrays = new PyTorchManager();

    @TempDir
    Path tmp;

    @Test
    void theFirstLayersMeanErrorGoesToZeroAndTheCorrectedBiasesAreReported() throws Exception {
        Graph g = new ResNet18Backbone().build(new BackboneSpec(5, 3, 32, 32));
        FoldedModel model = BatchNormFolding.apply(g, ParameterInitializer.initialize(g, arrays.get(), 5));
        // 4-bit weights, nothing else quantized: the error at a layer's output is its weights' (and upstream layers').
        QuantPlan plan = TestEngine.plan(model.graph(), TestEngine.quantizeConfig(tmp, "{\"target_device\": \"CPU\", \"quantizable_data_type\": [\"weights\"],"
                + " \"overall_quantize_config\": {\"method\": \"maxmin\", \"bit_width\": 4}}"), 0);
        // Seeded images: with PyTorch's unseeded generator the 4-bit error's size varied from run to run.
        Random random = new Random(11);
        float[] pixels = new float[32 * 3 * 32 * 32];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextGaussian();
        }
        BatchSource data = new FixedImages(arrays.get().create(pixels, new Shape(32, 3, 32, 32)));
        Calibration.Result calibration = Calibration.run(model, plan, data, 4, 8, 1, arrays.get(), Progress.silent());
        SimulatedQuantization simulated = new SimulatedQuantization(plan.specs(), calibration.params());

        double before = meanError(model, model, simulated, data, "conv1");
        BiasCorrection.Result corrected = BiasCorrection.apply(model, simulated, data, 4, 8, 1, arrays.get(), Progress.silent());
        double after = meanError(model, corrected.model(), simulated, data, "conv1");

        assertTrue(before > 1e-3, "4-bit weights shift conv1's mean output: " + before);
        assertTrue(after < 1e-4 * before, "corrected: " + after + " against " + before);
        assertEquals(21, corrected.largestShift().size(), "every conv and the fc have a bias after folding");
        assertTrue(corrected.largestShift().get("conv1.bias") > 0);
        simulated.release();
    }

    /**
     * The largest |mean over N, H, W of (simulated - float)| of {@code layer}'s output over all of {@code data}, with the
     * float model {@code reference} and the simulated one on {@code quantizedModel}'s parameters.
     */
    private double meanError(FoldedModel reference, FoldedModel quantizedModel, SimulatedQuantization simulated, BatchSource data, String layer) {
        GraphExecutor executor = new GraphExecutor(reference.graph());
        NDArray[] outputs = new NDArray[2];
        try (NDManager scope = arrays.get().newSubManager(); Batch b = data.batch(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
                16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31}, scope, false, 0)) {
            for (int pass = 0; pass < 2; pass++) {
                boolean quantized = pass == 1;
                int slot = pass;
                executor.forward((quantized ? quantizedModel : reference).parameters(), b.inputs(), ForwardMode.INFERENCE, new ExecutionHooks() {
                    @Override
                    public NDArray parameter(Node node, String role, NDArray value) {
                        return quantized ? simulated.parameter(node, role, value) : value;
                    }

                    @Override
                    public NDArray output(Node node, NDArray output) {
                        if (node.name().equals(layer)) {
                            outputs[slot] = output.toType(DataType.FLOAT64, true).sum(new int[] {0, 2, 3}).div(output.getShape().size() / output.getShape().get(1));
                            outputs[slot].attach(scope);
                        }
                        return output;
                    }
                }).close();
            }
            return outputs[1].sub(outputs[0]).abs().max().getDouble();
        }
    }
}
