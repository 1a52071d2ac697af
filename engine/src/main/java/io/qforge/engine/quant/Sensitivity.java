package io.qforge.engine.quant;

import ai.djl.ndarray.NDManager;
import io.qforge.api.graph.Node;
import io.qforge.api.target.QuantizedModel;
import io.qforge.engine.data.BatchSource;
import io.qforge.engine.execution.GraphExecutor;
import io.qforge.engine.progress.Progress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        SimulatedTop1 reference = SimulatedTop1.ofFloat(model, executor, test, n, batchSize, manager);
        SimulatedTop1 full = SimulatedTop1.run(model, executor, test, n, batchSize, manager, t -> true, reference);
        progress.advance(2, "");
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : byNode.entrySet()) {
            List<String> tensors = e.getValue();
            SimulatedTop1 alone = SimulatedTop1.run(model, executor, test, n, batchSize, manager, tensors::contains, reference);
            SimulatedTop1 allBut = SimulatedTop1.run(model, executor, test, n, batchSize, manager, t -> !tensors.contains(t), reference);
            rows.add(new Row(e.getKey(), model.graph().node(e.getKey()).op(), tensors, alone.top1(), alone.sqnrDb(), allBut.top1(), allBut.sqnrDb()));
            progress.advance(2, e.getKey());
        }
        rows.sort(Comparator.comparingDouble(Row::aloneTop1).thenComparingDouble(Row::aloneSqnrDb));
        progress.finish(rows.size() + " nodes");
        return new Result(n, reference.top1(), full.top1(), full.sqnrDb(), rows);
    }
}
