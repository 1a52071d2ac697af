package io.qforge.engine.quant;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.qforge.api.InvalidInputException;
import io.qforge.api.graph.Node;
import io.qforge.api.quant.CalibrationTarget;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.quant.ResolvedSpec;
import io.qforge.api.quant.TensorKind;
import io.qforge.api.quant.TensorObserver;
import io.qforge.engine.data.Batch;
import io.qforge.engine.data.BatchSource;
import io.qforge.engine.execution.ExecutionHooks;
import io.qforge.engine.execution.ForwardMode;
import io.qforge.engine.execution.GraphExecutor;
import io.qforge.engine.progress.Progress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs calibration: one observer per quantized tensor, made by its spec's calibrator.
 * Weights and bias are observed once; the input and the activations of the float model over the
 * calibration batches. Observers keep statistics, never the arrays.
 */
public final class Calibration {

    /** The calibrated params of every tensor, and a histogram of each activation and input from the first calibration batch. */
    public record Result(Map<String, QuantParams> params, double seconds, List<TensorHistogram> histograms) {}

    private Calibration() {}

    public static Result run(FoldedModel model, QuantPlan plan, BatchSource data, int batches, int batchSize, long seed,
            NDManager manager, Progress progress) {
        return run(model, plan, data, batches, batchSize, seed, false, manager, progress);
    }

    /**
     * As {@link #run(FoldedModel, QuantPlan, BatchSource, int, int, long, NDManager, Progress)};
     * with {@code accumulateHistograms}, the histogram methods keep one histogram over all batches.
     */
    public static Result run(FoldedModel model, QuantPlan plan, BatchSource data, int batches, int batchSize, long seed,
            boolean accumulateHistograms, NDManager manager, Progress progress) {
        long start = System.nanoTime();
        if (data.size() < batchSize) {
            throw new InvalidInputException("$.calibration.batch_size", "the calibration set has " + data.size()
                    + " images, fewer than one batch of " + batchSize + ". Allowed: a batch_size of at most " + data.size());
        }
        Map<String, TensorObserver> observers = new LinkedHashMap<>();
        for (QuantTensor t : plan.tensors().values()) {
            observers.put(t.name(), observer(t, accumulateHistograms));
        }
        for (QuantTensor t : plan.tensors().values()) {
            if (t.kind() == TensorKind.WEIGHTS || t.kind() == TensorKind.BIAS) {
                observers.get(t.name()).observe(model.parameters().get(t.name()));
            }
        }
        List<TensorHistogram> histograms = new ArrayList<>();
        boolean[] firstBatch = {true};
        GraphExecutor executor = new GraphExecutor(model.graph());
        String input = model.graph().inputs().get(0).name();
        ExecutionHooks observe = new ExecutionHooks() {
            @Override
            public NDArray output(Node node, NDArray output) {
                TensorObserver o = observers.get(node.name());
                QuantTensor t = plan.tensors().get(node.name());
                if (o != null && t.kind() == TensorKind.ACTIVATION) {
                    o.observe(output);
                    if (firstBatch[0]) {
                        histograms.add(TensorHistogram.of(node.name(), output));
                    }
                }
                return output;
            }
        };
        List<int[]> order = BatchSource.epochOrder(data.size(), batchSize, true, seed, 0);
        int used = Math.min(batches, data.size() / batchSize);
        progress.start("calibration", (long) used * batchSize);
        for (int i = 0; i < used; i++) {
            try (NDManager scope = manager.newSubManager(); Batch b = data.batch(order.get(i), scope, false, 0)) {
                TensorObserver in = observers.get(input);
                if (in != null) {
                    in.observe(b.inputs());
                    if (i == 0) {
                        histograms.add(TensorHistogram.of(input, b.inputs()));
                    }
                }
                executor.forward(model.parameters(), b.inputs(), ForwardMode.INFERENCE, observe).close();
                firstBatch[0] = false;
                progress.advance(batchSize, "");
            }
        }
        Map<String, QuantParams> params = new LinkedHashMap<>();
        observers.forEach((name, o) -> params.put(name, o.result()));
        double seconds = (System.nanoTime() - start) / 1e9;
        progress.finish(plan.tensors().size() + " tensors, " + used + " batches of " + batchSize);
        return new Result(params, seconds, List.copyOf(histograms));
    }

    /** Calibrates the parameter tensors of {@code kind} alone, e.g. biases after bias correction changed them. */
    public static Map<String, QuantParams> parameters(FoldedModel model, QuantPlan plan, TensorKind kind) {
        Map<String, QuantParams> params = new LinkedHashMap<>();
        for (QuantTensor t : plan.ofKind(kind)) {
            params.put(t.name(), parameter(t, model.parameters().get(t.name())));
        }
        return params;
    }

    /** The params of one parameter tensor for {@code value}, e.g. weights a reconstruction changed. */
    static QuantParams parameter(QuantTensor t, NDArray value) {
        TensorObserver o = observer(t, false); // one observation: accumulating changes nothing
        o.observe(value);
        return o.result();
    }

    private static TensorObserver observer(QuantTensor t, boolean accumulateHistograms) {
        ResolvedSpec s = t.spec();
        return s.calibrator().newObserver(
                new CalibrationTarget(t.name(), s.spec(), s.roundMode(), s.scaleType(), t.kind() == TensorKind.INPUT, accumulateHistograms));
    }
}
