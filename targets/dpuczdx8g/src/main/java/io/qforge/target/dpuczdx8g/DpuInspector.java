package io.qforge.target.dpuczdx8g;

import ai.djl.ndarray.types.Shape;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Ops;
import io.qforge.api.graph.ParameterSpec;
import io.qforge.api.graph.ShapeInference;
import io.qforge.api.target.InspectionReport;
import io.qforge.api.target.NodePlacement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks every node against the DPUCZDX8G's limits (REFERENCE.md §5) and places it on the DPU or
 * the CPU; a node off the DPU gets the exact rule it broke and the fix. Linear layers count as
 * 1x1 convolutions, as the compiler maps them; batch norm after a conv is folded into it.
 */
public final class DpuInspector {

    public static final String DPU = "DPU";
    public static final String CPU = "CPU";
    /** The only leaky relu slope the DPU fuses: 26/256. */
    static final float LEAKY_ALPHA = 26f / 256f;

    /** A slope of 0.1, which the DPU runs as 26/256 (DpuArithmetic rewrites it before calibration). */
    static boolean runsAsDpuSlope(float alpha) {
        return Math.abs(alpha - 0.1f) < 1e-6f;
    }
    private static final Set<String> FUSES_ACTIVATION = Set.of(Ops.CONV2D, Ops.DEPTHWISE_CONV2D, Ops.ADD, Ops.LINEAR, Ops.BATCH_NORM);

    private final Graph graph;
    private final Map<String, Shape> shapes;
    private final Map<String, NodePlacement> placed = new HashMap<>();

    private DpuInspector(Graph graph) {
        this.graph = graph;
        this.shapes = ShapeInference.infer(graph, 1);
    }

    public static InspectionReport inspect(Graph graph) {
        return new DpuInspector(graph).run();
    }

    /** Multiply-accumulates of one node for one image: convs and linear layers; 0 for the rest. */
    public static long macs(Graph graph, Node node, Map<String, Shape> shapes) {
        Shape out = shapes.get(node.name());
        return switch (node.op()) {
            case Ops.CONV2D, Ops.DEPTHWISE_CONV2D -> {
                Shape w = graph.parameters().get(node.param("weight")).shape();
                yield out.get(1) * out.get(2) * out.get(3) * w.get(1) * w.get(2) * w.get(3);
            }
            case Ops.LINEAR -> {
                Shape w = graph.parameters().get(node.param("weight")).shape();
                yield w.get(0) * w.get(1);
            }
            default -> 0;
        };
    }

    private InspectionReport run() {
        List<NodePlacement> placements = new ArrayList<>();
        for (Node node : graph.nodes()) {
            String[] broken = check(node);
            NodePlacement p = broken == null ? new NodePlacement(node.name(), DPU, "", "") : new NodePlacement(node.name(), CPU, broken[0], broken[1]);
            placed.put(node.name(), p);
            placements.add(p);
        }
        int subgraphs = subgraphs();
        long ops = placements.stream().filter(p -> p.device().equals(DPU)).count();
        long macs = 0;
        long dpuMacs = 0;
        for (Node node : graph.nodes()) {
            long m = macs(graph, node, shapes);
            macs += m;
            dpuMacs += placed.get(node.name()).device().equals(DPU) ? m : 0;
        }
        long cpuSubgraphs = countSubgraphs(CPU);
        String summary = String.format(Locale.ROOT, "%d %s (%d DPU, %d CPU); DPU share: %.1f%% of ops, %.1f%% of MACs", subgraphs,
                subgraphs == 1 ? "subgraph" : "subgraphs",
                subgraphs - cpuSubgraphs, cpuSubgraphs, 100.0 * ops / Math.max(1, placements.size()), 100.0 * dpuMacs / Math.max(1, macs));
        return new InspectionReport(placements, subgraphs, summary);
    }

    /** The broken rule and its fix, or null when the node runs on the DPU. */
    private String[] check(Node node) {
        return switch (node.op()) {
            case Ops.CONV2D -> node.intAttr("group", 1) > 1 ? rule("grouped conv (group " + node.intAttr("group", 1) + ") has no DPU engine",
                    "use plain convs, or depthwise ones (one group per channel)") : convLimits(node);
            case Ops.LINEAR -> linearLimits(node);
            case Ops.DEPTHWISE_CONV2D -> depthwiseLimits(node);
            case Ops.MAX_POOL2D -> windowLimits(node, "max_pool");
            case Ops.AVG_POOL2D -> {
                List<Integer> k = node.intsAttr("kernel", null);
                if (!k.get(0).equals(k.get(1))) {
                    yield rule("avg_pool kernel " + k.get(1) + "x" + k.get(0) + " is not square", "use a square kernel, e.g. "
                            + Math.max(k.get(0), k.get(1)) + "x" + Math.max(k.get(0), k.get(1)));
                }
                boolean padded = node.intsAttr("pad", List.of(0, 0, 0, 0)).stream().anyMatch(v -> v > 0);
                if (padded && !node.boolAttr("count_include_pad", true)) {
                    yield rule("avg_pool averages over the valid values only (count_include_pad false), but the DPU divides every window "
                            + "by the kernel area", "count the padding (count_include_pad=True, PyTorch's default), or pool without padding");
                }
                yield windowLimits(node, "avg_pool");
            }
            case Ops.GLOBAL_AVG_POOL -> {
                Shape in = shapes.get(node.inputs().get(0));
                if (in.get(2) != in.get(3)) {
                    yield rule("global avg_pool over " + in.get(2) + "x" + in.get(3) + " is not square", "use a square input size");
                }
                yield in.get(2) > 256 ? rule("global avg_pool kernel " + in.get(2) + " exceeds 256", "pool in two steps") : null;
            }
            case Ops.RELU, Ops.RELU6 -> fusable(node, node.op());
            case Ops.LEAKY_RELU -> {
                float alpha = node.floatAttr("alpha", 0.01f);
                if (alpha != LEAKY_ALPHA && !runsAsDpuSlope(alpha)) {
                    yield rule(String.format(Locale.ROOT, "leaky_relu alpha %s ≠ 26/256", trim(alpha)),
                            "set the negative slope to 26/256 = 0.1015625 and fine-tune");
                }
                yield fusable(node, "leaky_relu");
            }
            case Ops.ADD -> node.inputs().size() == 2 ? null : rule("add of " + node.inputs().size() + " tensors", "add two at a time");
            case Ops.CONCAT -> null;
            case Ops.BATCH_NORM -> {
                Node producer = graph.node(node.inputs().get(0));
                boolean afterConv = producer != null && (producer.op().equals(Ops.CONV2D) || producer.op().equals(Ops.DEPTHWISE_CONV2D));
                yield afterConv && graph.consumers(producer.name()).size() == 1 ? null
                        : rule("batch norm not after a conv cannot be folded", "place it right after a convolution");
            }
            case Ops.FLATTEN, Ops.IDENTITY -> null;
            default -> rule(node.op() + " has no DPU engine", "replace it with a supported op, or let it run on the CPU");
        };
    }

    private String[] convLimits(Node node) {
        List<Integer> k = node.intsAttr("kernel", null);
        List<Integer> s = node.intsAttr("stride", List.of(1, 1));
        List<Integer> d = node.intsAttr("dilation", List.of(1, 1));
        List<Integer> pad = node.intsAttr("pad", List.of(0, 0, 0, 0));
        for (int i = 0; i < 2; i++) {
            if (k.get(i) < 1 || k.get(i) > 16) {
                return rule("conv kernel " + k.get(1) + "x" + k.get(0) + " is outside 1..16", "use kernels of at most 16");
            }
            if (s.get(i) < 1 || s.get(i) > 8) {
                return rule("conv stride " + s.get(1) + "x" + s.get(0) + " is outside 1..8", "use strides of at most 8");
            }
        }
        for (int side = 0; side < 4; side++) {
            int axis = side < 2 ? 0 : 1;
            int most = (k.get(axis) - 1) * d.get(axis);
            if (pad.get(side) > most) {
                return rule("conv pad " + pad.get(side) + " > (kernel - 1) * dilation = " + most, "pad at most " + most);
            }
        }
        Shape w = graph.parameters().get(node.param("weight")).shape();
        long ic = shapes.get(node.inputs().get(0)).get(1);
        return channelLimits(k.get(0) * k.get(1), ic, w.get(0));
    }

    /**
     * A depthwise conv runs on the DPU's ALU, as pooling does (PG338): kernel and stride 1..256,
     * padding at most (kernel - 1) * dilation, one output channel per input channel, at most 4096.
     */
    private String[] depthwiseLimits(Node node) {
        String[] window = windowLimits(node, "depthwise conv");
        if (window != null) {
            return window;
        }
        List<Integer> k = node.intsAttr("kernel", null);
        List<Integer> d = node.intsAttr("dilation", List.of(1, 1));
        List<Integer> pad = node.intsAttr("pad", List.of(0, 0, 0, 0));
        for (int side = 0; side < 4; side++) {
            int axis = side < 2 ? 0 : 1;
            int most = (k.get(axis) - 1) * d.get(axis);
            if (pad.get(side) > most) {
                return rule("depthwise conv pad " + pad.get(side) + " > (kernel - 1) * dilation = " + most, "pad at most " + most);
            }
        }
        long in = shapes.get(node.inputs().get(0)).get(1);
        long out = graph.parameters().get(node.param("weight")).shape().get(0);
        if (out != in) {
            return rule("depthwise conv with channel multiplier " + out / in, "use one output channel per input channel");
        }
        return in > 4096 ? rule("depthwise conv over " + in + " channels exceeds 4096", "split the layer") : null;
    }

    private String[] linearLimits(Node node) {
        ParameterSpec w = graph.parameters().get(node.param("weight"));
        return channelLimits(1, w.shape().get(1), w.shape().get(0));
    }

    private static String[] channelLimits(int kernelArea, long ic, long oc) {
        long load = kernelArea * ((ic + 15) / 16);
        if (load > 2048) {
            return rule("k_w*k_h*ceil(ic/16) = " + load + " > 2048", "use fewer input channels or a smaller kernel");
        }
        if (ic > 4096 || oc > 4096) {
            return rule("channels " + ic + " in, " + oc + " out exceed 4096", "split the layer");
        }
        return null;
    }

    private String[] windowLimits(Node node, String what) {
        List<Integer> k = node.intsAttr("kernel", null);
        List<Integer> s = node.intsAttr("stride", k);
        for (int i = 0; i < 2; i++) {
            if (k.get(i) < 1 || k.get(i) > 256) {
                return rule(what + " kernel " + k.get(1) + "x" + k.get(0) + " is outside 1..256", "use kernels of at most 256");
            }
            if (s.get(i) < 1 || s.get(i) > 256) {
                return rule(what + " stride " + s.get(1) + "x" + s.get(0) + " is outside 1..256", "use strides of at most 256");
            }
        }
        return null;
    }

    /** An activation runs on the DPU only fused into the conv, linear or add (on the DPU) before it. */
    private String[] fusable(Node node, String name) {
        Node producer = graph.node(node.inputs().get(0));
        boolean fused = producer != null && FUSES_ACTIVATION.contains(producer.op()) && placed.get(producer.name()).device().equals(DPU)
                && graph.consumers(producer.name()).size() == 1;
        return fused ? null : rule(name + " is not fused into a conv or an eltwise add on the DPU",
                "place it right after a convolution or an add whose only reader it is");
    }

    private static String[] rule(String reason, String fix) {
        return new String[] {reason, fix};
    }

    private static String trim(float v) {
        String s = Float.toString(v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    /** Connected groups of nodes on the same device, joined by edges between same-device nodes. */
    private int subgraphs() {
        return (int) (countSubgraphs(DPU) + countSubgraphs(CPU));
    }

    private long countSubgraphs(String device) {
        Map<String, String> parent = new HashMap<>();
        for (Node n : graph.nodes()) {
            if (placed.get(n.name()).device().equals(device)) {
                parent.put(n.name(), n.name());
            }
        }
        for (Node n : graph.nodes()) {
            if (!parent.containsKey(n.name())) {
                continue;
            }
            for (String in : n.inputs()) {
                if (parent.containsKey(in)) {
                    parent.put(find(parent, in), find(parent, n.name()));
                }
            }
        }
        return parent.keySet().stream().filter(k -> find(parent, k).equals(k)).count();
    }

    private static String find(Map<String, String> parent, String x) {
        String r = x;
        while (!parent.get(r).equals(r)) {
            r = parent.get(r);
        }
        return r;
    }
}
