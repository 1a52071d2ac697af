package io.qforge.engine.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.qforge.api.backbone.BackboneSpec;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.Parameters;
import io.qforge.engine.execution.ForwardMode;
import io.qforge.engine.execution.GraphExecutor;
import io.qforge.engine.fixtures.PyTorchManager;
import io.qforge.engine.fixtures.TorchvisionFixtures;
import io.qforge.engine.weights.ParameterInitializer;
import io.qforge.plugin.torchvision.MobileNetV2Backbone;
import io.qforge.plugin.torchvision.ResNet18Backbone;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CrossLayerEqualizationTest {

    @RegisterExtension
    final PyTorchManager arrays = new PyTorchManager();

    private FoldedModel folded() {
        Graph g = new ResNet18Backbone().build(new BackboneSpec(5, 3, 32, 32));
        Parameters p = ParameterInitializer.initialize(g, arrays.get(), 3);
        return BatchNormFolding.apply(g, p);
    }

    @Test
    void resnet18EqualizesTheConvPairsInsideEachBlock() {
        List<String> pairs = CrossLayerEqualization.apply(folded(), 1).pairs();
        assertEquals(8, pairs.size(), pairs.toString());
        assertTrue(pairs.contains("layer1.0.conv1 -> layer1.0.conv2"));
    }

    @Test
    void theFloatFunctionIsUnchangedAndTheRangesMeet() {
        FoldedModel before = folded();
        FoldedModel after = CrossLayerEqualization.apply(before, 1).model();
        NDArray x = arrays.get().randomNormal(new Shape(4, 3, 32, 32));
        float[] a = new GraphExecutor(before.graph()).forward(before.parameters(), x, ForwardMode.INFERENCE).toFloatArray();
        float[] b = new GraphExecutor(after.graph()).forward(after.parameters(), x, ForwardMode.INFERENCE).toFloatArray();
        assertTrue(TorchvisionFixtures.maxRelativeError(b, a) < 1e-4, "max relative error " + TorchvisionFixtures.maxRelativeError(b, a));
        NDArray w0 = after.parameters().get("layer2.1.conv1.weight").abs().reshape(128, -1).max(new int[] {1});
        NDArray w1 = after.parameters().get("layer2.1.conv2.weight").abs().swapAxes(0, 1).reshape(128, -1).max(new int[] {1});
        assertTrue(w0.allClose(w1, 1e-4, 1e-6, false), "each channel's ranges are equal after one iteration");
    }

    @Test
    void mobilenetV2EqualizesThroughItsDepthwiseConvsOnceRelu6IsRelu() {
        Graph g = Relu6ToRelu.apply(new MobileNetV2Backbone().build(new BackboneSpec(5, 3, 32, 32)));
        FoldedModel before = BatchNormFolding.apply(g, ParameterInitializer.initialize(g, arrays.get(), 3));
        CrossLayerEqualization.Result r = CrossLayerEqualization.apply(before, 1);
        assertTrue(r.pairs().contains("features.2.conv.0.0 -> features.2.conv.1.0"), "expand -> depthwise: " + r.pairs());
        assertTrue(r.pairs().contains("features.2.conv.1.0 -> features.2.conv.2"), "depthwise -> project: " + r.pairs());
        NDArray x = arrays.get().randomNormal(new Shape(2, 3, 32, 32));
        float[] a = new GraphExecutor(before.graph()).forward(before.parameters(), x, ForwardMode.INFERENCE).toFloatArray();
        float[] b = new GraphExecutor(r.model().graph()).forward(r.model().parameters(), x, ForwardMode.INFERENCE).toFloatArray();
        assertTrue(TorchvisionFixtures.maxRelativeError(b, a) < 1e-4, "max relative error " + TorchvisionFixtures.maxRelativeError(b, a));
        // A single pair's ranges meet only if nothing rescaled it afterwards: block 16 projects into its residual add.
        NDArray dw = r.model().parameters().get("features.16.conv.1.0.weight").abs().reshape(960, -1).max(new int[] {1});
        NDArray project = r.model().parameters().get("features.16.conv.2.weight").abs().swapAxes(0, 1).reshape(960, -1).max(new int[] {1});
        assertTrue(dw.allClose(project, 1e-4, 1e-6, false), "the depthwise -> project pair's ranges are equal after one iteration");
    }
}
