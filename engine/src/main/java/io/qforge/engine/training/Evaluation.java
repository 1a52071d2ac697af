package io.qforge.engine.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.qforge.api.graph.Parameters;
import io.qforge.engine.data.Batch;
import io.qforge.engine.data.BatchSource;
import io.qforge.engine.execution.ForwardMode;
import io.qforge.engine.execution.GraphExecutor;
import io.qforge.engine.execution.InferenceWeights;

/** Top-1 accuracy of a graph, or of another forward pass, on a batch source, in inference mode. */
public final class Evaluation {

    private Evaluation() {}

    /** Top-1 of {@code executor}'s graph, with its batch norms folded once for all batches. */
    public static double accuracy(GraphExecutor executor, Parameters parameters, BatchSource data, int batchSize, NDManager manager) {
        try (InferenceWeights weights = executor.prepareInference(parameters, manager)) {
            return accuracy((p, x, mode) -> executor.forward(weights, x), parameters, data, batchSize, manager);
        }
    }

    /** Top-1 of {@code forward}'s logits, in inference mode. */
    public static double accuracy(Forward forward, Parameters parameters, BatchSource data, int batchSize, NDManager manager) {
        int correct = 0;
        for (int[] indices : BatchSource.epochOrder(data.size(), batchSize, false, 0, 0)) {
            try (NDManager scope = manager.newSubManager(); Batch b = data.batch(indices, scope, false, 0)) {
                NDArray logits = forward.logits(parameters, b.inputs(), ForwardMode.INFERENCE);
                correct += Loss.correct(logits, b.labels());
            }
        }
        return (double) correct / data.size();
    }
}
