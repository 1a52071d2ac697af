package io.qforge.target.dpuczdx8g;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.types.Shape;
import io.qforge.api.backbone.BackboneSpec;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.GraphInput;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Ops;
import io.qforge.api.graph.ParameterSpec;
import io.qforge.api.target.InspectionReport;
import io.qforge.api.target.NodePlacement;
import io.qforge.plugin.torchvision.ResNet18Backbone;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One test per limit of REFERENCE.md §5: the node falls to the CPU with that rule named. */
class DpuInspectorTest {

    /** input (C x 32 x 32) -> conv "c" (with the given attrs) -> relu -> node under test "x" reading relu. */
    private static InspectionReport around(int inChannels, Map<String, Object> convAttrs, int outChannels, Node x) {
        List<Node> nodes = new ArrayList<>();
        nodes.add(new Node("c", Ops.CONV2D, List.of("input"), Map.of("weight", "c.weight", "bias", "c.bias"), convAttrs));
        nodes.add(new Node("r", Ops.RELU, List.of("c"), Map.of(), Map.of()));
        if (x != null) {
            nodes.add(x);
        }
        List<Integer> k = (List<Integer>) convAttrs.get("kernel");
        List<ParameterSpec> params = List.of(new ParameterSpec("c.weight", new Shape(outChannels, inChannels, k.get(1), k.get(0)), "normal", true),
                new ParameterSpec("c.bias", new Shape(outChannels), "zeros", true));
        Graph g = new Graph("t", List.of(new GraphInput("input", new Shape(inChannels, 32, 32))), nodes,
                List.of(x == null ? "r" : x.name()), params);
        return DpuInspector.inspect(g);
    }

    private static Map<String, Object> conv(int k, int stride, int pad) {
        return Map.of("kernel", List.of(k, k), "stride", List.of(stride, stride), "pad", List.of(pad, pad, pad, pad), "dilation", List.of(1, 1));
    }

    private static NodePlacement placement(InspectionReport r, String node) {
        return r.placements().stream().filter(p -> p.nodeName().equals(node)).findFirst().orElseThrow();
    }

    private static void assertCpu(InspectionReport r, String node, String reason) {
        NodePlacement p = placement(r, node);
        assertEquals("CPU", p.device(), p.toString());
        assertEquals(reason, p.reason());
    }

    @Test
    void resnet18RunsWhollyOnTheDpu() {
        InspectionReport r = DpuInspector.inspect(new ResNet18Backbone().build(new BackboneSpec(5, 3, 224, 224)));
        assertEquals(1, r.subgraphs());
        assertEquals("1 subgraph (1 DPU, 0 CPU); DPU share: 100.0% of ops, 100.0% of MACs", r.summary());
    }

    @Test
    void convKernelStrideAndPadLimits() {
        assertCpu(around(3, conv(17, 1, 0), 8, null), "c", "conv kernel 17x17 is outside 1..16");
        assertCpu(around(3, conv(3, 9, 1), 8, null), "c", "conv stride 9x9 is outside 1..8");
        assertCpu(around(3, conv(3, 1, 3), 8, null), "c", "conv pad 3 > (kernel - 1) * dilation = 2");
    }

    @Test
    void convChannelLimits() {
        assertCpu(around(129, conv(16, 1, 0), 8, null), "c", "k_w*k_h*ceil(ic/16) = 2304 > 2048");
        assertCpu(around(3, conv(1, 1, 0), 5000, null), "c", "channels 3 in, 5000 out exceed 4096");
    }

    @Test
    void leakyReluFusesOnlyWithTheDpuSlope() {
        Node leaky = new Node("x", Ops.LEAKY_RELU, List.of("c"), Map.of(), Map.of("alpha", 0.2f));
        InspectionReport r = around(3, conv(3, 1, 1), 8, null);
        List<Node> nodes = List.of(new Node("c", Ops.CONV2D, List.of("input"), Map.of("weight", "c.weight", "bias", "c.bias"), conv(3, 1, 1)), leaky);
        Graph g = new Graph("t", List.of(new GraphInput("input", new Shape(3, 32, 32))), nodes, List.of("x"),
                List.of(new ParameterSpec("c.weight", new Shape(8, 3, 3, 3), "normal", true), new ParameterSpec("c.bias", new Shape(8), "zeros", true)));
        InspectionReport bad = DpuInspector.inspect(g);
        assertCpu(bad, "x", "leaky_relu alpha 0.2 ≠ 26/256");
        assertEquals("set the negative slope to 26/256 = 0.1015625 and fine-tune", placement(bad, "x").fix());
        assertEquals(2, bad.subgraphs(), "the CPU node splits the graph");
        Node good = new Node("x", Ops.LEAKY_RELU, List.of("c"), Map.of(), Map.of("alpha", 26f / 256f));
        Graph g2 = new Graph("t", g.inputs(), List.of(nodes.get(0), good), List.of("x"), new ArrayList<>(g.parameters().values()));
        assertEquals("DPU", placement(DpuInspector.inspect(g2), "x").device());
        assertEquals("DPU", placement(r, "r").device());
    }

    @Test
    void poolLimits() {
        Node avg = new Node("x", Ops.AVG_POOL2D, List.of("r"), Map.of(), Map.of("kernel", List.of(2, 3), "stride", List.of(1, 1)));
        assertCpu(around(3, conv(3, 1, 1), 8, avg), "x", "avg_pool kernel 3x2 is not square");
        Node max = new Node("x", Ops.MAX_POOL2D, List.of("r"), Map.of(), Map.of("kernel", List.of(2, 2), "stride", List.of(300, 300)));
        assertCpu(around(3, conv(3, 1, 1), 8, max), "x", "max_pool stride 300x300 is outside 1..256");
    }

    @Test
    void eltwiseAndUnknownOps() {
        Node add3 = new Node("x", Ops.ADD, List.of("r", "r", "r"), Map.of(), Map.of());
        assertCpu(around(3, conv(3, 1, 1), 8, add3), "x", "add of 3 tensors");
        Node softmax = new Node("x", "softmax", List.of("r"), Map.of(), Map.of());
        InspectionReport r = around(3, conv(3, 1, 1), 8, softmax);
        assertCpu(r, "x", "softmax has no DPU engine");
        assertEquals("2 subgraphs (1 DPU, 1 CPU); DPU share: 66.7% of ops, 100.0% of MACs", r.summary());
    }
}
