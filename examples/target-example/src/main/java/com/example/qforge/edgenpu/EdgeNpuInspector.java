package com.example.qforge.edgenpu;

import io.qforge.api.graph.Graph;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Ops;
import io.qforge.api.target.InspectionReport;
import io.qforge.api.target.NodePlacement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where each node runs: the NPU has engines for convolutions, linear layers, relu, pooling, add,
 * flatten and identity; everything else falls back to the CPU, with the reason and a fix. A
 * subgraph is a run of consecutive nodes (in graph order) on the same device.
 */
final class EdgeNpuInspector {

    static final String NPU = "NPU";
    static final String CPU = "CPU";
    static final Set<String> NPU_OPS = Set.of(Ops.CONV2D, Ops.RELU, Ops.MAX_POOL2D, Ops.AVG_POOL2D, Ops.GLOBAL_AVG_POOL, Ops.ADD,
            Ops.FLATTEN, Ops.LINEAR, Ops.IDENTITY);

    private EdgeNpuInspector() {}

    static InspectionReport inspect(Graph graph) {
        List<NodePlacement> placements = new ArrayList<>();
        for (Node node : graph.nodes()) {
            placements.add(NPU_OPS.contains(node.op()) ? new NodePlacement(node.name(), NPU, "", "") : offload(node));
        }
        int npuRuns = 0;
        int cpuRuns = 0;
        String previous = null;
        for (NodePlacement p : placements) {
            if (!p.device().equals(previous)) {
                if (p.device().equals(NPU)) {
                    npuRuns++;
                } else {
                    cpuRuns++;
                }
                previous = p.device();
            }
        }
        Map<String, Long> macs = MacCount.perNode(graph);
        long allMacs = macs.values().stream().mapToLong(Long::longValue).sum();
        long npuMacs = placements.stream().filter(p -> p.device().equals(NPU)).mapToLong(p -> macs.get(p.nodeName())).sum();
        long npuNodes = placements.stream().filter(p -> p.device().equals(NPU)).count();
        int subgraphs = npuRuns + cpuRuns;
        long batchNorms = graph.nodes().stream().filter(n -> n.op().equals(Ops.BATCH_NORM)).count();
        String summary = String.format(Locale.ROOT, "%d %s (%d NPU, %d CPU); %d of %d nodes and %.1f%% of MACs on the NPU%s", subgraphs,
                subgraphs == 1 ? "subgraph" : "subgraphs", npuRuns, cpuRuns, npuNodes, placements.size(),
                100.0 * npuMacs / Math.max(1, allMacs), batchNorms == 0 ? ""
                        : "; " + batchNorms + " batchnorm nodes (CPU here) fold into their convs before compiling");
        return new InspectionReport(placements, subgraphs, summary);
    }

    private static NodePlacement offload(Node node) {
        String[] why = switch (node.op()) {
            case Ops.BATCH_NORM -> new String[] {"batchnorm has no NPU engine",
                "batchnorm is folded into the conv before compiling; keep each batchnorm right after a conv"};
            case Ops.RELU6 -> new String[] {"relu6 (a clip at 6) has no NPU engine",
                "set convert_relu6_to_relu true in the quantization config"};
            case Ops.LEAKY_RELU -> new String[] {"leaky-relu has no NPU engine", "replace it with relu and fine-tune"};
            case Ops.CONCAT -> new String[] {"concat has no NPU engine", "join the branches with add, or let concat run on the CPU"};
            case Ops.DEPTHWISE_CONV2D -> new String[] {"depthwise-conv2d has no NPU engine",
                "use a backbone with full convolutions, or let it run on the CPU"};
            default -> new String[] {node.op() + " has no NPU engine",
                "replace it with one of " + new TreeSet<>(NPU_OPS) + ", or let it run on the CPU"};
        };
        return new NodePlacement(node.name(), CPU, why[0], why[1]);
    }
}
