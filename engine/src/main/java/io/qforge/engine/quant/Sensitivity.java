package io.qforge.engine.quant;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.qforge.api.graph.Node;
import io.qforge.api.quant.ResolvedSpec;
import io.qforge.api.target.QuantizedModel;
import io.qforge.engine.data.Batch;
import io.qforge.engine.data.BatchSource;
import io.qforge.engine.execution.ForwardMode;
import io.qforge.engine.execution.GraphExecutor;
import io.qforge.engine.progress.Progress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Per-layer sensitivity: for each node with quantized tensors (its output, its weights, its bias),
 * the simulated model with that node alone quantized, and with that node alone left in float,
 * against the float model on the same test images: top-1 and the SQNR of the logits. The nodes
 * sort by how much quantizing them alone costs, so the first rows are where to look when accuracy
 * drops.
 */
public final class Sensitivity {

    /** One node: its quantized tensors, then top-1 and logit SQNR with it alone quantized, and with all but it. */
    public record Row(String node, String op, List<String> tensors, double aloneTop1, double aloneSqnrDb, double allButTop1,
            double allButSqnrDb) {}

    /** The float and fully quantized baselines, and one row per node, most costly first. */
    public record Result(int images, double floatTop1, double quantizedTop1, double quantizedSqnrDb, List<Row> rows) {}

    private Sensitivity() {}

    public static Result run(QuantizedModel model, BatchSource test, int images, int batchSize, NDManager manager, Progress progress) {
        GraphExecutor executor = new GraphExecutor(model.graph());
        Map<String, List<String>> byNode = new LinkedHashMap<>();
        for (Node n : model.graph().nodes()) {
            List<String> tensors = new ArrayList<>();
            if (model.specs().containsKey(n.name())) {
                tensors.add(n.name());
            }
            n.params().values().stream().filter(model.specs()::containsKey).forEach(tensors::add);
            if (!tensors.isEmpty()) {
                byNode.put(n.name(), tensors);
            }
        }
        int n = Math.min(images, test.size());
        progress.start("sensitivity", 2 * byNode.size() + 2);
        Evaluation reference = evaluate(model, executor, test, n, batchSize, manager, t -> false, null);
        Evaluation full = evaluate(model, executor, test, n, batchSize, manager, t -> true, reference);
        progress.advance(2, "");
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : byNode.entrySet()) {
            List<String> tensors = e.getValue();
            Evaluation alone = evaluate(model, executor, test, n, batchSize, manager, tensors::contains, reference);
            Evaluation allBut = evaluate(model, executor, test, n, batchSize, manager, t -> !tensors.contains(t), reference);
            rows.add(new Row(e.getKey(), model.graph().node(e.getKey()).op(), tensors, alone.top1, alone.sqnrDb, allBut.top1, allBut.sqnrDb));
            progress.advance(2, e.getKey());
        }
        rows.sort(Comparator.comparingDouble(Row::aloneTop1).thenComparingDouble(Row::aloneSqnrDb));
        progress.finish(rows.size() + " nodes");
        return new Result(n, reference.top1, full.top1, full.sqnrDb, rows);
    }

    /** Top-1 and logits of the first {@code n} test images with the tensors {@code quantized} accepts quantized. */
    private record Evaluation(double top1, double sqnrDb, List<float[]> logits) {}

    private static Evaluation evaluate(QuantizedModel model, GraphExecutor executor, BatchSource test, int n, int batchSize, NDManager manager,
            Predicate<String> quantized, Evaluation reference) {
        Map<String, ResolvedSpec> specs = new LinkedHashMap<>();
        model.specs().forEach((tensor, spec) -> {
            if (quantized.test(tensor)) {
                specs.put(tensor, spec);
            }
        });
        SimulatedQuantization simulated = new SimulatedQuantization(specs, model.quantParams());
        String input = model.graph().inputs().get(0).name();
        int correct = 0;
        double signal = 0;
        double noise = 0;
        List<float[]> logits = new ArrayList<>();
        int seen = 0;
        for (int[] indices : BatchSource.epochOrder(n, batchSize, false, 0, 0)) {
            try (NDManager scope = manager.newSubManager(); Batch b = test.batch(indices, scope, false, 0)) {
                NDArray out = executor.forward(model.parameters(), simulated.input(input, b.inputs()), ForwardMode.INFERENCE, simulated);
                float[] values = out.toFloatArray();
                long[] predicted = out.argMax(1).toType(DataType.INT64, false).toLongArray();
                for (int i = 0; i < predicted.length; i++) {
                    correct += predicted[i] == b.labels()[i] ? 1 : 0;
                }
                if (reference != null) {
                    float[] ref = reference.logits.get(logits.size());
                    for (int i = 0; i < values.length; i++) {
                        signal += (double) ref[i] * ref[i];
                        noise += (double) (ref[i] - values[i]) * (ref[i] - values[i]);
                    }
                }
                logits.add(values);
                seen += indices.length;
            }
        }
        simulated.release();
        double sqnr = reference == null ? Double.POSITIVE_INFINITY : noise == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(signal / noise);
        return new Evaluation((double) correct / seen, sqnr, logits);
    }
}
