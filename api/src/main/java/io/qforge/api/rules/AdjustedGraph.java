package io.qforge.api.rules;

import io.qforge.api.graph.Graph;
import java.util.List;

/**
 * The outcome of a {@link GraphAdjustment}: the graph, and one line per change, e.g. "avgpool:
 * output_scale 1.0048828 (7x7 window: the DPU multiplies the sum by 21/1024)".
 */
public record AdjustedGraph(Graph graph, List<String> changes) {

    public AdjustedGraph {
        changes = List.copyOf(changes);
    }
}
