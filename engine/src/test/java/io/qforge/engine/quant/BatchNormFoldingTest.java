package io.qforge.engine.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.qforge.api.backbone.BackboneSpec;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.Ops;
import io.qforge.api.graph.Parameters;
import io.qforge.engine.execution.ForwardMode;
import io.qforge.engine.execution.GraphExecutor;
import io.qforge.engine.fixtures.FormulaWeights;
import io.qforge.engine.fixtures.PyTorchManager;
import io.qforge.engine.fixtures.TorchvisionFixtures;
import io.qforge.plugin.torchvision.ResNet18Backbone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BatchNormFoldingTest {

    @RegisterExtension
    final PyTorchManager arrays = new PyTorchManager();

    @Test
    void foldedResnet18ComputesTheSameLogitsWithoutBatchNorm() {
        Graph graph = new ResNet18Backbone().build(new BackboneSpec(1000, 3, 32, 32));
        Parameters p = FormulaWeights.parameters(graph, arrays.get());
        FoldedModel folded = BatchNormFolding.apply(graph, p);
        assertFalse(folded.graph().nodes().stream().anyMatch(n -> n.op().equals(Ops.BATCH_NORM)));
        assertEquals(graph.nodes().size() - 20, folded.graph().nodes().size(), "20 batch norms folded");
        assertEquals("layer1.0.conv2", folded.graph().node("layer1.0.add").inputs().get(0));
        assertTrue(folded.graph().parameters().containsKey("layer2.0.downsample.0.bias"));
        NDArray x = FormulaWeights.input(arrays.get(), new Shape(8, 3, 32, 32));
        NDArray before = new GraphExecutor(graph).forward(p, x, ForwardMode.INFERENCE);
        NDArray after = new GraphExecutor(folded.graph()).forward(folded.parameters(), x, ForwardMode.INFERENCE);
        double error = TorchvisionFixtures.maxRelativeError(after.toFloatArray(), before.toFloatArray());
        assertTrue(error < 1e-5, "max relative error " + error);
        assertEquals(new Shape(64), folded.parameters().get("conv1.bias").getShape());
        assertFalse(folded.parameters().contains("bn1.running_var"));
    }
}
