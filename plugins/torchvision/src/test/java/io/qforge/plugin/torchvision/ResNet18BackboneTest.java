package io.qforge.plugin.torchvision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import io.qforge.api.backbone.BackboneSpec;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.ParameterSpec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResNet18BackboneTest {

    private final ResNet18Backbone backbone = new ResNet18Backbone();

    @Test
    void imagenetModelHasTorchvisionsParameterCount() {
        assertEquals(11_689_512L, backbone.build(new BackboneSpec(1000, 3, 224, 224)).trainableParameterCount());
    }

    @Test
    void thirtyClassHeadHasTheArticlesParameterCount() {
        assertEquals(11_191_902L, backbone.build(new BackboneSpec(30, 3, 224, 224)).trainableParameterCount());
    }

    @Test
    void parameterNamesAndShapesAreTorchvisions() {
        Graph g = backbone.build(new BackboneSpec(1000, 3, 224, 224));
        assertEquals(new Shape(64, 3, 7, 7), g.parameters().get("conv1.weight").shape());
        assertEquals(new Shape(128, 64, 1, 1), g.parameters().get("layer2.0.downsample.0.weight").shape());
        assertEquals(new Shape(128), g.parameters().get("layer2.0.downsample.1.running_var").shape());
        assertEquals(new Shape(512, 512, 3, 3), g.parameters().get("layer4.1.conv2.weight").shape());
        assertEquals(new Shape(1000, 512), g.parameters().get("fc.weight").shape());
        assertFalse(g.parameters().containsKey("layer1.0.downsample.0.weight"), "layer1 has no downsample");
        // torchvision's state_dict has 102 entries besides the 20 num_batches_tracked counters.
        assertEquals(102, g.parameters().size());
        assertFalse(g.parameters().get("bn1.running_mean").trainable());
    }

    @Test
    void blocksAddTheResidualBeforeTheirSecondRelu() {
        Graph g = backbone.build(new BackboneSpec(10, 3, 32, 32));
        Node add = g.node("layer2.0.add");
        assertEquals(List.of("layer2.0.bn2", "layer2.0.downsample.1"), add.inputs());
        assertEquals(List.of("layer2.0.add"), g.node("layer2.0.relu_1").inputs());
        assertEquals(List.of("layer1.0.bn2", "maxpool"), g.node("layer1.0.add").inputs());
        assertEquals(8, g.modules().size());
        assertEquals(List.of("fc"), g.outputs());
        assertEquals(List.of(2, 2), g.node("layer3.0.conv1").intsAttr("stride", null));
    }

    @Test
    void headIsTheFcLayerOnFlattenedFeatures() {
        assertEquals("fc", backbone.head().nodeName());
        assertEquals(512, backbone.head().inFeatures());
        Graph g = backbone.build(new BackboneSpec(5, 3, 32, 32));
        ParameterSpec fc = g.parameters().get("fc.weight");
        assertEquals(new Shape(5, 512), fc.shape());
    }

    @Test
    void timmAndDataParallelNamesMapOntoTorchvisions() {
        assertEquals(Optional.of("layer1.0.conv1.weight"), backbone.mapWeightName("layer1.0.conv1.weight"));
        assertEquals(Optional.of("fc.bias"), backbone.mapWeightName("module.fc.bias"));
        assertTrue(backbone.mapWeightName("bn1.num_batches_tracked").isEmpty());
    }
}
