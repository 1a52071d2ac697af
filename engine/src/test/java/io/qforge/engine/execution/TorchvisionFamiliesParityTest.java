package io.qforge.engine.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.qforge.api.Backbone;
import io.qforge.api.backbone.BackboneSpec;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.Parameters;
import io.qforge.engine.fixtures.FormulaWeights;
import io.qforge.engine.fixtures.HashedWeights;
import io.qforge.engine.fixtures.TestEngine;
import io.qforge.engine.fixtures.TorchvisionFixtures;
import io.qforge.engine.plugin.PluginRegistry;
import io.qforge.engine.plugin.SpiType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every torchvision family qforge builds, other than ResNet18 ({@link ResNet18ParityTest}), against
 * torchvision itself on the same weights and inputs (engine/src/test/python/make_family_fixtures.py):
 * bottleneck blocks, depthwise convs, concat and ceil-mode pools included.
 */
class TorchvisionFamiliesParityTest {

    @ParameterizedTest(name = "{0} at {1}x{1}, batch {2}")
    @CsvSource({"resnet34, 32, 2", "resnet50, 32, 2", "resnet101, 32, 2", "resnet152, 32, 2", "mobilenet_v2, 32, 2", "mobilenet_v2, 224, 1",
        "squeezenet1_1, 32, 2", "squeezenet1_1, 224, 1"})
    void logitsMatchTorchvision(String arch, int size, int batch) {
        Backbone backbone = TestEngine.ENGINE.get(PluginRegistry.class).get(SpiType.BACKBONE, arch, "$.backbone.type");
        Graph graph = backbone.build(new BackboneSpec(10, 3, size, size));
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray input = FormulaWeights.input(manager, new Shape(batch, 3, size, size));
            GraphExecutor executor = new GraphExecutor(graph);
            Parameters parameters = HashedWeights.parameters(graph, manager);
            float[] reference = TorchvisionFixtures.familyLogits(arch + "_" + size + "x" + size + "_b" + batch);
            NDArray logits = executor.forward(parameters, input, ForwardMode.INFERENCE);
            assertEquals(new Shape(batch, 10), logits.getShape());
            double error = TorchvisionFixtures.maxRelativeError(logits.toFloatArray(), reference);
            assertTrue(error < ResNet18ParityTest.TOLERANCE, "max relative error " + error);
            // Batch norm folded, channels-last weights (depthwise ones included): rounding only.
            try (InferenceWeights weights = executor.prepareInference(parameters, manager)) {
                double folded = TorchvisionFixtures.maxRelativeError(executor.forward(weights, input).toFloatArray(), reference);
                assertTrue(folded < ResNet18ParityTest.TOLERANCE, "prepared weights: max relative error " + folded);
            }
        }
    }
}
