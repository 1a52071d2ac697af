package io.qforge.plugin.torchvision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import io.qforge.api.Backbone;
import io.qforge.api.backbone.BackboneSpec;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Ops;
import io.qforge.api.graph.ShapeInference;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Each family against torchvision's own numbers (parameter totals as torchsummary prints them) and layout. */
class TorchvisionFamiliesTest {

    private static final Map<String, Backbone> BACKBONES = Map.of("resnet18", new ResNet18Backbone(), "resnet34", new ResNet34Backbone(),
            "resnet50", new ResNet50Backbone(), "resnet101", new ResNet101Backbone(), "resnet152", new ResNet152Backbone(),
            "mobilenet_v2", new MobileNetV2Backbone(), "squeezenet1_1", new SqueezeNet11Backbone());

    @ParameterizedTest
    @CsvSource({"resnet18, 11689512", "resnet34, 21797672", "resnet50, 25557032", "resnet101, 44549160", "resnet152, 60192808",
        "mobilenet_v2, 3504872", "squeezenet1_1, 1235496"})
    void imagenetModelsHaveTorchvisionsParameterCounts(String name, long parameters) {
        Backbone b = BACKBONES.get(name);
        assertEquals(name, b.name());
        Graph g = b.build(new BackboneSpec(1000, 3, 224, 224));
        assertEquals(parameters, g.trainableParameterCount());
        assertEquals(new Shape(1, 1000), ShapeInference.infer(g, 1).get(g.outputs().get(0)));
    }

    @Test
    void mobilenetV2HasDepthwiseConvsAndTorchvisionsNames() {
        Graph g = new MobileNetV2Backbone().build(new BackboneSpec(10, 3, 32, 32));
        Node dw = g.node("features.2.conv.1.0");
        assertEquals(Ops.DEPTHWISE_CONV2D, dw.op());
        assertEquals(96, dw.intAttr("group", 0));
        assertEquals(new Shape(96, 1, 3, 3), g.parameters().get("features.2.conv.1.0.weight").shape());
        assertEquals(Ops.DEPTHWISE_CONV2D, g.node("features.1.conv.0.0").op(), "the first block has no expansion");
        assertEquals(new Shape(16, 32, 1, 1), g.parameters().get("features.1.conv.1.weight").shape());
        assertEquals(List.of("features.2.conv.3", "features.3.conv.3"), g.node("features.3.add").inputs(), "x + conv(x)");
        assertEquals(17, g.modules().size());
        assertEquals(Ops.RELU6, g.node("features.18.2").op());
        assertEquals(new Shape(1, 1280, 1, 1), ShapeInference.infer(g, 1).get("features.18.2"));
        assertTrue(g.parameters().containsKey("classifier.1.weight"));
    }

    @Test
    void squeezenetConcatenatesItsExpandBranchesAndPoolsWithCeilMode() {
        Graph g = new SqueezeNet11Backbone().build(new BackboneSpec(10, 3, 224, 224));
        Map<String, Shape> shapes = ShapeInference.infer(g, 1);
        assertEquals(List.of("features.3.expand1x1_activation", "features.3.expand3x3_activation"), g.node("features.3.cat").inputs());
        assertEquals(new Shape(1, 128, 55, 55), shapes.get("features.3.cat"));
        assertEquals(new Shape(1, 512, 13, 13), shapes.get("features.12.cat"), "torchvision's feature map at 224x224");
        assertEquals(new Shape(1, 64, 111, 111), shapes.get("features.0"));
        assertEquals(new Shape(1, 10, 13, 13), shapes.get("classifier.1"), "the head is a 1x1 conv");
        assertEquals(new Shape(1, 10), shapes.get("flatten"));
    }
}
