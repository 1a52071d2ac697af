package io.qforge.engine.quant;

import io.qforge.api.graph.Graph;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Ops;
import java.util.List;

/**
 * {@code convert_relu6_to_relu}: every relu6 becomes a relu, so that its output range is set by
 * calibration rather than clipped at 6, which a power-of-two grid represents poorly.
 */
public final class Relu6ToRelu {

    private Relu6ToRelu() {}

    public static Graph apply(Graph graph) {
        List<Node> nodes = graph.nodes().stream()
                .map(n -> n.op().equals(Ops.RELU6) ? new Node(n.name(), Ops.RELU, n.inputs(), n.params(), n.attributes()) : n)
                .toList();
        return new Graph(graph.name(), graph.inputs(), nodes, graph.outputs(), List.copyOf(graph.parameters().values()), graph.modules());
    }
}
