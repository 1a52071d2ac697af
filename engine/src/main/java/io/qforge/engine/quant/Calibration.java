package io.qforge.engine.quant;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.qforge.api.InvalidInputException;
import io.qforge.api.graph.Node;
import io.qforge.api.quant.CalibrationTarget;
import io.qforge.api.quant.MergeableObserver;
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
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs calibration: one observer per quantized tensor, made by its spec's calibrator.
 * Weights and bias are observed once; the input and the activations of the float model over the
 * calibration batches. Observers keep statistics, never the arrays. A calibration can also be
 * split: {@link #observeShard} observes a range of the batches (in another process, say) and
 * {@link #merge} combines the shards' statistics into the result {@link #run} gives.
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
        int used = batchesUsed(data, batches, batchSize);
        Map<String, TensorObserver> observers = observers(plan, accumulateHistograms);
        observeParameters(model, plan, observers);
        progress.start("calibration", (long) used * batchSize);
        List<TensorHistogram> histograms = observeBatches(model, plan, data, batchSize, seed, 0, used, observers, manager, progress);
        return finish(plan, observers, histograms, start, used + " batches of " + batchSize, progress);
    }

    /**
     * One shard of a calibration split over processes: the input's and activations' statistics
     * over batches [from, to) of the calibration order, and the report's histograms when the shard
     * holds the first batch.
     */
    public record Shard(int from, int to, Map<String, Serializable> statistics, List<TensorHistogram> histograms) implements Serializable {}

    /** How many batches a calibration of {@code batches} batches of {@code batchSize} from {@code data} observes. */
    public static int batchesUsed(BatchSource data, int batches, int batchSize) {
        if (data.size() < batchSize) {
            throw new InvalidInputException("$.calibration.batch_size", "the calibration set has " + data.size()
                    + " images, fewer than one batch of " + batchSize + ". Allowed: a batch_size of at most " + data.size());
        }
        return Math.min(batches, data.size() / batchSize);
    }

    /**
     * Observes batches [from, to) of the order {@link #run} uses and returns their statistics, to
     * be {@link #merge merged} with the other shards'. Every calibrator of the plan must keep
     * mergeable statistics ({@link MergeableObserver}).
     */
    public static Shard observeShard(FoldedModel model, QuantPlan plan, BatchSource data, int batches, int batchSize, long seed,
            boolean accumulateHistograms, int from, int to, NDManager manager, Progress progress) {
        int used = batchesUsed(data, batches, batchSize);
        if (from < 0 || from >= to || to > used) {
            throw new IllegalArgumentException("a shard covers batches [" + from + ", " + to + ") of " + used);
        }
        Map<String, TensorObserver> observers = observers(plan, accumulateHistograms);
        progress.start("calibration batches " + from + " to " + (to - 1), (long) (to - from) * batchSize);
        List<TensorHistogram> histograms = observeBatches(model, plan, data, batchSize, seed, from, to, observers, manager, progress);
        Map<String, Serializable> statistics = new LinkedHashMap<>();
        for (QuantTensor t : plan.tensors().values()) {
            if (t.kind() == TensorKind.INPUT || t.kind() == TensorKind.ACTIVATION) {
                statistics.put(t.name(), mergeable(observers.get(t.name()), t).statistics());
            }
        }
        progress.finish((to - from) + " batches of " + batchSize);
        return new Shard(from, to, statistics, from == 0 ? histograms : List.of());
    }

    /**
     * The result of a split calibration: weights and biases observed here, the input's and
     * activations' statistics merged from {@code shards}, which must cover batches 0, 1, ... in
     * order without gaps. Equal to {@link #run} over the same batches.
     */
    public static Result merge(FoldedModel model, QuantPlan plan, boolean accumulateHistograms, List<Shard> shards, Progress progress) {
        long start = System.nanoTime();
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("no calibration shard to merge");
        }
        int next = 0;
        for (Shard shard : shards) {
            if (shard.from() != next) {
                throw new IllegalArgumentException("shards must follow each other from batch 0: expected one from batch " + next
                        + ", got [" + shard.from() + ", " + shard.to() + ")");
            }
            next = shard.to();
        }
        progress.start("calibration", 0);
        Map<String, TensorObserver> observers = observers(plan, accumulateHistograms);
        observeParameters(model, plan, observers);
        for (Shard shard : shards) {
            for (Map.Entry<String, Serializable> e : shard.statistics().entrySet()) {
                QuantTensor t = plan.tensors().get(e.getKey());
                if (t == null) {
                    throw new IllegalArgumentException("a shard holds statistics of " + e.getKey() + ", which the plan does not quantize");
                }
                mergeable(observers.get(t.name()), t).merge(e.getValue());
            }
        }
        return finish(plan, observers, shards.get(0).histograms(), start, next + " batches in " + shards.size() + " shards", progress);
    }

    private static Map<String, TensorObserver> observers(QuantPlan plan, boolean accumulateHistograms) {
        Map<String, TensorObserver> observers = new LinkedHashMap<>();
        for (QuantTensor t : plan.tensors().values()) {
            observers.put(t.name(), observer(t, accumulateHistograms));
        }
        return observers;
    }

    private static void observeParameters(FoldedModel model, QuantPlan plan, Map<String, TensorObserver> observers) {
        for (QuantTensor t : plan.tensors().values()) {
            if (t.kind() == TensorKind.WEIGHTS || t.kind() == TensorKind.BIAS) {
                observers.get(t.name()).observe(model.parameters().get(t.name()));
            }
        }
    }

    /** Feeds batches [from, to) of the calibration order to the input's and activations' observers; histograms of batch {@code from}. */
    private static List<TensorHistogram> observeBatches(FoldedModel model, QuantPlan plan, BatchSource data, int batchSize, long seed,
            int from, int to, Map<String, TensorObserver> observers, NDManager manager, Progress progress) {
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
        for (int i = from; i < to; i++) {
            try (NDManager scope = manager.newSubManager(); Batch b = data.batch(order.get(i), scope, false, 0)) {
                TensorObserver in = observers.get(input);
                if (in != null) {
                    in.observe(b.inputs());
                    if (i == from) {
                        histograms.add(TensorHistogram.of(input, b.inputs()));
                    }
                }
                executor.forward(model.parameters(), b.inputs(), ForwardMode.INFERENCE, observe).close();
                firstBatch[0] = false;
                progress.advance(batchSize, "");
            }
        }
        return histograms;
    }

    private static Result finish(QuantPlan plan, Map<String, TensorObserver> observers, List<TensorHistogram> histograms, long start,
            String what, Progress progress) {
        Map<String, QuantParams> params = new LinkedHashMap<>();
        observers.forEach((name, o) -> params.put(name, o.result()));
        double seconds = (System.nanoTime() - start) / 1e9;
        progress.finish(plan.tensors().size() + " tensors, " + what);
        return new Result(params, seconds, List.copyOf(histograms));
    }

    /** Refuses, before any shard is sent anywhere, a plan whose input or activation observers do not merge. */
    public static void requireMergeable(QuantPlan plan, boolean accumulateHistograms) {
        Map<String, TensorObserver> observers = observers(plan, accumulateHistograms);
        for (QuantTensor t : plan.tensors().values()) {
            if (t.kind() == TensorKind.INPUT || t.kind() == TensorKind.ACTIVATION) {
                mergeable(observers.get(t.name()), t);
            }
        }
    }

    private static MergeableObserver mergeable(TensorObserver o, QuantTensor t) {
        if (o instanceof MergeableObserver m) {
            return m;
        }
        throw new InvalidInputException("$.quantization", t.name() + ": calibrator '" + t.spec().calibrator().name() + "' keeps statistics "
                + "that cannot be merged (its observer is not a MergeableObserver), so its calibration cannot be split over processes. "
                + "Allowed: a calibrator whose observers merge (all built-in ones do), or calibration in one process");
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
