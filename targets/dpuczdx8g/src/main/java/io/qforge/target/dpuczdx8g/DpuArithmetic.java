package io.qforge.target.dpuczdx8g;

import ai.djl.ndarray.types.Shape;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Ops;
import io.qforge.api.graph.ShapeInference;
import io.qforge.api.rules.AdjustedGraph;
import io.qforge.api.rules.GraphAdjustment;
import io.qforge.api.target.NodePlacement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The DPU's own arithmetic, written into the graph before calibration, so that calibration, bias
 * correction and the simulation see what the board computes: a leaky ReLU of slope 0.1 takes the
 * DPU's 26/256, as vai_q_pytorch's DPU leaky ReLU does; then every average pool the inspector
 * places on the DPU gets the {@code output_scale} of the DPU's reciprocal for its window ({@link
 * DpuAverage}). Pools left on the CPU divide exactly and keep no scale.
 */
final class DpuArithmetic implements GraphAdjustment {

    @Override
    public String name() {
        return "dpu-arithmetic";
    }

    @Override
    public AdjustedGraph apply(Graph graph) {
        List<String> changes = new ArrayList<>();
        graph = dpuSlopes(graph, changes);
        Set<String> onDpu = DpuInspector.inspect(graph).placements().stream().filter(p -> p.device().equals(DpuInspector.DPU))
                .map(NodePlacement::nodeName).collect(Collectors.toSet());
        Map<String, Shape> shapes = ShapeInference.infer(graph, 1);
        List<Node> nodes = new ArrayList<>();
        for (Node n : graph.nodes()) {
            int[] window = window(n, shapes);
            if (window == null || !onDpu.contains(n.name())) {
                nodes.add(n);
                continue;
            }
            DpuAverage reciprocal = DpuAverage.of(window[0], window[1]);
            float scale = (float) reciprocal.scale(window[0] * window[1]);
            if (scale != n.floatAttr("output_scale", 1f)) {
                Map<String, Object> attributes = new LinkedHashMap<>(n.attributes());
                attributes.put("output_scale", scale);
                nodes.add(new Node(n.name(), n.op(), n.inputs(), n.params(), attributes));
                changes.add(String.format(Locale.ROOT, "%s: output_scale %s (%dx%d window: the DPU multiplies the sum by %d/%d)", n.name(),
                        scale, window[0], window[1], reciprocal.factor(), 1 << reciprocal.shift()));
            } else {
                nodes.add(n);
            }
        }
        return new AdjustedGraph(withNodes(graph, nodes), changes);
    }

    /** Leaky ReLUs of slope 0.1 (PyTorch's usual choice for YOLO-style nets) with the DPU's 26/256. */
    private static Graph dpuSlopes(Graph graph, List<String> changes) {
        List<Node> nodes = new ArrayList<>();
        for (Node n : graph.nodes()) {
            if (n.op().equals(Ops.LEAKY_RELU) && DpuInspector.runsAsDpuSlope(n.floatAttr("alpha", 0.01f))) {
                Map<String, Object> attributes = new LinkedHashMap<>(n.attributes());
                attributes.put("alpha", DpuInspector.LEAKY_ALPHA);
                nodes.add(new Node(n.name(), n.op(), n.inputs(), n.params(), attributes));
                changes.add(n.name() + ": leaky relu alpha 0.1 -> 26/256 = 0.1015625 (the DPU's slope)");
            } else {
                nodes.add(n);
            }
        }
        return withNodes(graph, nodes);
    }

    private static Graph withNodes(Graph graph, List<Node> nodes) {
        return nodes.equals(graph.nodes()) ? graph
                : new Graph(graph.name(), graph.inputs(), nodes, graph.outputs(), List.copyOf(graph.parameters().values()), graph.modules());
    }

    /** (kh, kw) of an average pool's window, or null for any other node. */
    static int[] window(Node n, Map<String, Shape> shapes) {
        return switch (n.op()) {
            case Ops.AVG_POOL2D -> {
                List<Integer> k = n.intsAttr("kernel", null);
                yield new int[] {k.get(1), k.get(0)};
            }
            case Ops.GLOBAL_AVG_POOL -> {
                Shape in = shapes.get(n.inputs().get(0));
                yield new int[] {(int) in.get(2), (int) in.get(3)};
            }
            default -> null;
        };
    }
}
