package io.qforge.engine.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.qforge.api.graph.Parameters;
import io.qforge.engine.data.BatchSource;
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

    /** Top-1 of these logits on {@code data}, in inference mode, as the training measures it after each epoch. */
    default double accuracy(Parameters parameters, BatchSource data, int batchSize, NDManager manager) {
        return Evaluation.accuracy(this, parameters, data, batchSize, manager);
    }

    /** The graph of {@code executor} as it is; tested with its batch norms folded once for all test batches. */
    static Forward of(GraphExecutor executor) {
        return new Forward() {
            @Override
            public NDArray logits(Parameters parameters, NDArray input, ForwardMode mode) {
                return executor.forward(parameters, input, mode);
            }

            @Override
            public double accuracy(Parameters parameters, BatchSource data, int batchSize, NDManager manager) {
                return Evaluation.accuracy(executor, parameters, data, batchSize, manager);
            }
        };
    }
}
