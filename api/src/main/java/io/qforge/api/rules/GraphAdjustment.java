package io.qforge.api.rules;

import io.qforge.api.graph.Graph;

/**
 * A target's rewrite of the graph it is about to quantize into the arithmetic its hardware runs,
 * so that calibration, bias correction and the simulated-int model see what the hardware will
 * compute: for example the DPU's average pools, which multiply by a fixed-point reciprocal instead
 * of dividing, and its leaky relu, whose slope is 26/256. It runs once, before calibration, and
 * only for the run's target; the float model keeps the graph as it was. It changes attributes,
 * never parameters or the graph's tensors, and must be idempotent.
 */
public interface GraphAdjustment {

    /** Names the pass in logs and reports, e.g. {@code dpu-arithmetic}. */
    String name();

    /** The graph as the hardware computes it, and one line per changed node. */
    AdjustedGraph apply(Graph graph);
}
