package io.qforge.engine.execution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.GraphBuilder;
import io.qforge.api.graph.GraphInput;
import io.qforge.api.graph.Parameters;
import io.qforge.api.graph.Window;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A strided 1x1 conv trains on a shape whose backward pass crashes oneDNN inside libtorch 2.7.1
 * (ResNet50's layer3 downsample at 32x32 input: 512 to 1024 channels on a 4x4 map): the executor
 * computes it as a pixel subsample and a 1x1 conv of stride 1, which gives the same output.
 */
class StridedPointwiseTrainingTest {

    @Test
    void resnet50sDownsampleShapeTrainsAndComputesTheSameOutput() {
        GraphBuilder b = new GraphBuilder();
        String x = b.conv("downsample", "input", 512, 1024, Window.square(1).stride(2), 1, false);
        Graph g = b.build("pointwise", new GraphInput("input", new Shape(512, 4, 4)), x);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray weight = m.randomNormal(new Shape(1024, 512, 1, 1));
            NDArray input = m.randomNormal(new Shape(8, 512, 4, 4));
            GraphExecutor executor = new GraphExecutor(g);
            float[] inference = executor.forward(new Parameters(Map.of("downsample.weight", weight)), input, ForwardMode.INFERENCE).toFloatArray();
            weight.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = executor.forward(new Parameters(Map.of("downsample.weight", weight)), input, ForwardMode.TRAINING);
                assertArrayEquals(inference, y.toFloatArray(), 1e-4f);
                collector.backward(y.sum());
            }
            float[] grad = weight.getGradient().toFloatArray();
            for (float v : grad) {
                assertTrue(Float.isFinite(v));
            }
        }
    }
}
