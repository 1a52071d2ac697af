package io.qforge.engine.summary;

import ai.djl.ndarray.types.Shape;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.ModuleScope;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Ops;
import io.qforge.api.graph.ParameterSpec;
import io.qforge.api.graph.ShapeInference;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The table torchsummary prints for a model: one row per PyTorch module call in execution order
 * (type and index, output shape with batch -1, parameter count), composite modules such as
 * BasicBlock after their last op, then the totals and the memory estimate in MB. Functional ops
 * (the residual add, flatten) have no module and no row, as in torchsummary.
 */
public final class ModelSummary {

    /** The PyTorch module class of each op that is a module call. */
    private static final Map<String, String> MODULE_TYPES = Map.of(
            Ops.CONV2D, "Conv2d",
            Ops.DEPTHWISE_CONV2D, "Conv2d",
            Ops.BATCH_NORM, "BatchNorm2d",
            Ops.RELU, "ReLU",
            Ops.RELU6, "ReLU6",
            Ops.LEAKY_RELU, "LeakyReLU",
            Ops.MAX_POOL2D, "MaxPool2d",
            Ops.AVG_POOL2D, "AvgPool2d",
            Ops.GLOBAL_AVG_POOL, "AdaptiveAvgPool2d",
            Ops.LINEAR, "Linear");

    private static final String RULE = "-".repeat(64);
    private static final String DOUBLE_RULE = "=".repeat(64);
    private static final double MB = 1024.0 * 1024.0;

    /** One row of the table. */
    public record Row(String layer, Shape outputShape, long parameters) {}

    private final List<Row> rows;
    private final Shape inputShape;

    private ModelSummary(List<Row> rows, Shape inputShape) {
        this.rows = rows;
        this.inputShape = inputShape;
    }

    /** The summary of {@code graph} for its declared input shape. */
    public static ModelSummary of(Graph graph) {
        Map<String, Shape> shapes = ShapeInference.infer(graph, -1);
        List<Row> rows = new ArrayList<>();
        for (Node node : graph.nodes()) {
            String type = MODULE_TYPES.get(node.op());
            if (type != null) {
                rows.add(new Row(type + "-" + (rows.size() + 1), shapes.get(node.name()), trainableParameters(graph, node)));
            }
            for (ModuleScope m : graph.modules()) {
                if (m.outputNode().equals(node.name())) {
                    rows.add(new Row(m.type() + "-" + (rows.size() + 1), shapes.get(node.name()), 0));
                }
            }
        }
        return new ModelSummary(rows, graph.inputs().get(0).sampleShape());
    }

    private static long trainableParameters(Graph graph, Node node) {
        long n = 0;
        for (String p : node.params().values()) {
            ParameterSpec spec = graph.parameters().get(p);
            if (spec.trainable()) {
                n += spec.size();
            }
        }
        return n;
    }

    public List<Row> rows() {
        return rows;
    }

    public long totalParameters() {
        return rows.stream().mapToLong(Row::parameters).sum();
    }

    /** The table, line for line as torchsummary prints it. */
    public String render() {
        StringBuilder b = new StringBuilder();
        line(b, RULE);
        line(b, String.format(Locale.ROOT, "%20s  %25s %15s", "Layer (type)", "Output Shape", "Param #"));
        line(b, DOUBLE_RULE);
        long outputs = 0;
        for (Row r : rows) {
            line(b, String.format(Locale.ROOT, "%20s  %25s %15s", r.layer(), pythonList(r.outputShape()), grouped(r.parameters())));
            outputs += r.outputShape().slice(1).size(); // per sample: the batch is -1
        }
        long total = totalParameters();
        double inputMb = inputShape.size() * 4 / MB;
        double forwardBackwardMb = 2.0 * outputs * 4 / MB;
        double paramsMb = total * 4 / MB;
        line(b, DOUBLE_RULE);
        line(b, "Total params: " + grouped(total));
        line(b, "Trainable params: " + grouped(total));
        line(b, "Non-trainable params: 0");
        line(b, RULE);
        line(b, "Input size (MB): " + twoDecimals(inputMb));
        line(b, "Forward/backward pass size (MB): " + twoDecimals(forwardBackwardMb));
        line(b, "Params size (MB): " + twoDecimals(paramsMb));
        line(b, "Estimated Total Size (MB): " + twoDecimals(inputMb + forwardBackwardMb + paramsMb));
        line(b, RULE);
        return b.toString();
    }

    private static void line(StringBuilder b, String s) {
        b.append(s).append('\n');
    }

    /** Python's str() of a list: [-1, 64, 112, 112]. */
    private static String pythonList(Shape shape) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < shape.dimension(); i++) {
            b.append(i == 0 ? "" : ", ").append(shape.get(i));
        }
        return b.append(']').toString();
    }

    private static String grouped(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** Python's "%0.2f": the exact binary value, correctly rounded, ties to even. */
    private static String twoDecimals(double v) {
        return new BigDecimal(v).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    }
}
