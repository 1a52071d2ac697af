package io.qforge.api.target;

import java.util.List;

/**
 * A target's verdict on a graph: the placement of every node, the number of subgraphs the
 * placement splits the graph into, and one summary line.
 *
 * @param placements one per node, in graph order
 * @param subgraphs how many device subgraphs the graph splits into
 * @param summary e.g. "3 subgraphs (1 DPU, 2 CPU); DPU share: 96.0% of ops, 99.9% of MACs"
 */
public record InspectionReport(List<NodePlacement> placements, int subgraphs, String summary) {

    public InspectionReport {
        placements = List.copyOf(placements);
    }
}
