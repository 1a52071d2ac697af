package io.qforge.api.target;

import java.util.List;

/**
 * A target's verdict on a graph: the placement of every node and the number of subgraphs the
 * placement splits the graph into.
 */
public record InspectionReport(List<NodePlacement> placements, int subgraphs) {

    public InspectionReport {
        placements = List.copyOf(placements);
    }
}
