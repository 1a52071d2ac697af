package io.qforge.engine.execution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.qforge.api.backbone.BackboneSpec;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.Parameters;
import io.qforge.engine.fixtures.FormulaWeights;
import io.qforge.engine.fixtures.TorchvisionFixtures;
import io.qforge.plugin.torchvision.ResNet18Backbone;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** qforge's ResNet18 against torchvision's, on the same weights and inputs. */
class ResNet18ParityTest {

    static final double TOLERANCE = 1e-4;

    @ParameterizedTest(name = "{0}x{0}, batch {1}")
    @CsvSource({"224, 1", "224, 8", "32, 1", "32, 8"})
    void logitsMatchTorchvision(int size, int batch) {
        Graph graph = new ResNet18Backbone().build(new BackboneSpec(1000, 3, size, size));
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Parameters parameters = FormulaWeights.parameters(graph, manager);
            NDArray input = FormulaWeights.input(manager, new Shape(batch, 3, size, size));
            NDArray logits = new GraphExecutor(graph).forward(parameters, input, ForwardMode.INFERENCE);
            assertEquals(new Shape(batch, 1000), logits.getShape());
            float[] reference = TorchvisionFixtures.logits(size, batch);
            double error = TorchvisionFixtures.maxRelativeError(logits.toFloatArray(), reference);
            assertTrue(error < TOLERANCE, "max relative error " + error);
            // The input is untouched and still usable after the pass.
            assertArrayEquals(FormulaWeights.input(manager, input.getShape()).toFloatArray(), input.toFloatArray());
        }
    }

    /** Batch norm folded into the convolutions and channels-last weights change the logits by rounding only. */
    @ParameterizedTest(name = "{0}x{0}, batch {1}")
    @CsvSource({"224, 1", "224, 8", "32, 1", "32, 8"})
    void preparedInferenceWeightsMatchTorchvision(int size, int batch) {
        Graph graph = new ResNet18Backbone().build(new BackboneSpec(1000, 3, size, size));
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Parameters parameters = FormulaWeights.parameters(graph, manager);
            NDArray input = FormulaWeights.input(manager, new Shape(batch, 3, size, size));
            GraphExecutor executor = new GraphExecutor(graph);
            try (InferenceWeights weights = executor.prepareInference(parameters, manager)) {
                NDArray logits = executor.forward(weights, input);
                assertEquals(new Shape(batch, 1000), logits.getShape());
                double error = TorchvisionFixtures.maxRelativeError(logits.toFloatArray(), TorchvisionFixtures.logits(size, batch));
                assertTrue(error < TOLERANCE, "max relative error " + error);
            }
            // Preparing copies: the parameters are as they were, and still on their manager.
            assertArrayEquals(FormulaWeights.parameters(graph, manager).get("bn1.weight").toFloatArray(), parameters.get("bn1.weight").toFloatArray());
            assertEquals(manager, parameters.get("conv1.weight").getManager());
        }
    }
}
