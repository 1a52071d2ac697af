package io.qforge.engine.training;

import ai.djl.ndarray.NDArray;
import io.qforge.api.graph.Parameters;
import io.qforge.engine.execution.ForwardMode;
import io.qforge.engine.execution.GraphExecutor;

/**
 * The forward pass a training learns through and tests with: a graph as it is, or one that
 * computes something else on the way (quantization-aware training fake-quantizes every tensor).
 */
@FunctionalInterface
public interface Forward {

    /** The logits of {@code input} under {@code parameters}. */
    NDArray logits(Parameters parameters, NDArray input, ForwardMode mode);

    /** The graph of {@code executor} as it is. */
    static Forward of(GraphExecutor executor) {
        return executor::forward;
    }
}
