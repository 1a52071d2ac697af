package io.qforge.plugin.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.qforge.api.Backbone;
import io.qforge.api.InvalidInputException;
import io.qforge.api.backbone.BackboneSpec;
import io.qforge.api.backbone.HeadInfo;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Ops;
import io.qforge.api.graph.ShapeInference;
import io.qforge.onnx.OnnxModel.AttributeProto;
import io.qforge.onnx.OnnxModel.ModelProto;
import io.qforge.onnx.OnnxModel.NodeProto;
import io.qforge.onnx.OnnxModel.TensorProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The onnx backbone on files PyTorch exported (make_onnx_fixtures.py): what it reads, and how it refuses what it cannot. */
class OnnxBackboneTest {

    @TempDir
    Path tmp;

    private static long count(Graph g, String op) {
        return g.nodes().stream().filter(n -> n.op().equals(op)).count();
    }

    @Test
    void mobilenetV2ExportedWithFoldedBatchNormsIsItsLayersAndHead() {
        Backbone b = OnnxFixtures.configured("mobilenet_v2", tmp);
        Graph g = b.build(new BackboneSpec(10, 3, 32, 32));
        assertEquals(17, count(g, Ops.DEPTHWISE_CONV2D), "one depthwise conv per inverted residual block");
        assertEquals(35, count(g, Ops.RELU6), "Clip(0, 6) is ReLU6");
        assertEquals(0, count(g, Ops.BATCH_NORM), "the exporter folded them");
        assertEquals(10, count(g, Ops.ADD));
        HeadInfo head = b.head();
        assertEquals(1280, head.inFeatures());
        assertEquals(Ops.LINEAR, g.node(head.nodeName()).op());
        assertEquals(new Shape(1, 10), ShapeInference.infer(g, 1).get(g.outputs().get(0)));
        assertEquals(3, b.inputChannels());
        assertEquals(32, b.defaultPreprocessing().height(), "the file's input size");
    }

    @Test
    void keptBatchNormsAreReadUnderTorchvisionsNames() {
        Backbone b = OnnxFixtures.configured("mobilenet_v2_bn", tmp);
        Graph g = b.build(new BackboneSpec(10, 3, 32, 32));
        assertEquals(52, count(g, Ops.BATCH_NORM));
        assertTrue(g.parameters().containsKey("features.0.1.running_var"), "initializers keep the state_dict's names");
        assertEquals(List.of("classifier.1.weight", "classifier.1.bias"), b.head().parameterNames());
    }

    @Test
    void anotherClassCountChangesTheHeadAlone() {
        Backbone b = OnnxFixtures.configured("mobilenet_v2", tmp);
        Graph ten = b.build(new BackboneSpec(10, 3, 32, 32));
        Graph five = b.build(new BackboneSpec(5, 3, 64, 64));
        assertEquals(new Shape(5, 1280), five.parameters().get(b.head().parameterNames().get(0)).shape());
        assertEquals(new Shape(1, 5), ShapeInference.infer(five, 1).get(five.outputs().get(0)));
        assertEquals(ten.nodes(), five.nodes());
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Map<String, NDArray> own = b.ownWeights(manager);
            assertEquals(ten.parameters().keySet(), own.keySet());
            ten.parameters().forEach((name, p) -> assertEquals(p.shape(), own.get(name).getShape(), name));
        }
    }

    @Test
    void aHandWrittenNetworksExporterIdiomsAreRead() {
        Graph g = OnnxFixtures.configured("handmade", tmp).build(new BackboneSpec(10, 3, 32, 32));
        assertEquals(1, count(g, Ops.LEAKY_RELU));
        assertEquals(1, count(g, Ops.CONCAT));
        assertEquals(1, count(g, Ops.BATCH_NORM), "the batch norm after the concat cannot be folded, so the exporter kept it");
        assertEquals(1, count(g, Ops.LINEAR), "MatMul plus Add is one linear layer");
        assertEquals(1, count(g, Ops.GLOBAL_AVG_POOL), "x.mean((2, 3), keepdim=True) is a ReduceMean over H and W");
        assertEquals(1, count(g, Ops.FLATTEN), "view(x.size(0), -1) is Shape, Gather, Unsqueeze, Concat and Reshape, folded to a flatten");
        Node grouped = g.nodes().stream().filter(n -> n.intAttr("group", 1) == 2).findFirst().orElseThrow();
        assertEquals(Ops.CONV2D, grouped.op(), "a grouped conv that is not depthwise");
        assertTrue(g.nodes().stream().anyMatch(n -> n.intsAttr("dilation", List.of(1, 1)).equals(List.of(2, 2))));
        Node pool = g.nodes().stream().filter(n -> n.op().equals(Ops.AVG_POOL2D)).findFirst().orElseThrow();
        assertEquals(false, pool.attributes().get("count_include_pad"));
    }

    @Test
    void squeezenetsConvHeadIsTakenWhenNamed() {
        InvalidInputException none = assertThrows(InvalidInputException.class, () -> OnnxFixtures.configured("squeezenet1_1", tmp));
        assertEquals(HeadChoice.HEAD, none.location());
        assertTrue(none.detail().contains("has no linear layer to take as its head"), none.detail());
        Path file = tmp.resolve("squeezenet1_1.onnx");
        String lastConv = "/classifier/classifier.1/Conv";
        assertTrue(none.detail().contains(lastConv), "the message lists the 1x1 convs, named as PyTorch 1.13 names nodes: " + none.detail());
        Backbone b = OnnxFixtures.configured(tmp, Map.of("path", file.toString(), "head", lastConv));
        assertEquals(512, b.head().inFeatures());
        Graph g = b.build(new BackboneSpec(3, 3, 64, 64));
        assertEquals(new Shape(3, 512, 1, 1), g.parameters().get(b.head().parameterNames().get(0)).shape());
        assertEquals(new Shape(1, 3), ShapeInference.infer(g, 1).get(g.outputs().get(0)));
    }

    @Test
    void everyNodeItCannotReadIsListedAtOnce() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> OnnxFixtures.configured("unsupported", tmp));
        assertEquals(OnnxBackbone.PATH, e.location());
        String m = e.detail();
        assertTrue(m.contains("has 3 nodes qforge cannot read"), "the Mul after the Sigmoid is listed too: " + m);
        assertTrue(m.contains("(op_type Sigmoid, inputs ["), m);
        assertTrue(m.contains("(op_type Mul, inputs ["), m);
        assertTrue(m.contains("(op_type Softmax, inputs [") && m.contains("export the logits"), m);
        assertTrue(m.contains("qforge reads Conv (groups, depthwise, dilation)"), m);
    }

    @Test
    void opsetsOutsideElevenToTwentyOneAreRefused() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> OnnxFixtures.configured("opset9", tmp));
        assertTrue(e.detail().contains("uses ONNX opset 9. Allowed: opset 11 to 21"), e.detail());
    }

    /** Opset 18 moved ReduceMean's axes to an input; PyTorch 1.13 writes opset 17 at most, so the test moves them itself. */
    @Test
    void opset18ReduceMeanTakesItsAxesAsAnInput() throws Exception {
        ModelProto m17 = ModelProto.parseFrom(Files.readAllBytes(OnnxFixtures.file("handmade_opset17", tmp)));
        ModelProto.Builder m = m17.toBuilder();
        m.setOpsetImport(0, m.getOpsetImport(0).toBuilder().setVersion(18));
        var graph = m.getGraphBuilder();
        for (int i = 0; i < graph.getNodeCount(); i++) {
            NodeProto n = graph.getNode(i);
            if (n.getOpType().equals("ReduceMean")) {
                AttributeProto axes = n.getAttributeList().stream().filter(a -> a.getName().equals("axes")).findFirst().orElseThrow();
                graph.addInitializer(TensorProto.newBuilder().setName("axes18").setDataType(7).addDims(2).addAllInt64Data(axes.getIntsList()));
                NodeProto.Builder b = n.toBuilder().clearAttribute().addInput("axes18");
                n.getAttributeList().stream().filter(a -> !a.getName().equals("axes")).forEach(b::addAttribute);
                graph.setNode(i, b);
            }
        }
        Path file = Files.write(tmp.resolve("handmade_opset18.onnx"), m.build().toByteArray());
        Graph g = OnnxFixtures.configured(tmp, Map.of("path", file.toString())).build(new BackboneSpec(10, 3, 32, 32));
        assertEquals(1, count(g, Ops.GLOBAL_AVG_POOL));
    }

    @Test
    void badOptionsAndFilesSayWhatIsWrongAndWhere() {
        InvalidInputException missing = assertThrows(InvalidInputException.class, () -> OnnxFixtures.configured(tmp, Map.of()));
        assertEquals(OnnxBackbone.PATH, missing.location());
        assertTrue(missing.detail().startsWith("missing. The onnx backbone reads the network from an ONNX file"), missing.detail());
        InvalidInputException absent = assertThrows(InvalidInputException.class,
                () -> OnnxFixtures.configured(tmp, Map.of("path", tmp.resolve("nowhere.onnx").toString())));
        assertTrue(absent.detail().startsWith("no file at "), absent.detail());
        InvalidInputException garbage = assertThrows(InvalidInputException.class, () -> OnnxFixtures.configured(tmp,
                Map.of("path", writeString("garbage.onnx", "this is not protobuf").toString())));
        assertTrue(garbage.detail().contains("is not an ONNX model") || garbage.detail().contains("has no graph"), garbage.detail());
        InvalidInputException unknownOption = assertThrows(InvalidInputException.class,
                () -> OnnxFixtures.configured(tmp, Map.of("path", OnnxFixtures.file("mobilenet_v2", tmp).toString(), "heads", "x")));
        assertEquals("$.backbone.heads", unknownOption.location());
        InvalidInputException badHead = assertThrows(InvalidInputException.class,
                () -> OnnxFixtures.configured(tmp, Map.of("path", tmp.resolve("mobilenet_v2.onnx").toString(), "head", "no-such-node")));
        assertEquals(HeadChoice.HEAD, badHead.location());
        assertTrue(badHead.detail().contains("'no-such-node' is not a node of"), badHead.detail());
        InvalidInputException unconfigured = assertThrows(InvalidInputException.class, () -> new OnnxBackbone().build(new BackboneSpec(2, 3, 32, 32)));
        assertEquals(OnnxBackbone.PATH, unconfigured.location());
    }

    private Path writeString(String name, String text) {
        try {
            return Files.writeString(tmp.resolve(name), text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
