package com.example.qforge.edgenpu;

import ai.djl.ndarray.types.Shape;
import com.example.qforge.edgenpu.onnx.OnnxInitializer;
import com.example.qforge.edgenpu.onnx.OnnxModel;
import com.example.qforge.edgenpu.onnx.OnnxNode;
import com.example.qforge.edgenpu.onnx.OnnxValueInfo;
import io.qforge.api.InvalidInputException;
import io.qforge.api.RoundMode;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.GraphInput;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Ops;
import io.qforge.api.graph.ShapeInference;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.target.QuantizedModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A quantized model as QDQ ONNX (opset 13, NCHW), the NPU's arithmetic written in standard ops:
 *
 * <ul>
 *   <li>the float input, and every quantized activation, passes through QuantizeLinear then
 *       DequantizeLinear with its scale and uint8 zero point;
 *   <li>weights are INT8 initializers holding the NPU's 4-bit integers, one power-of-two scale
 *       per output channel, behind DequantizeLinear(axis 0);
 *   <li>biases are float initializers holding their 32-bit integers times their own scale;
 *   <li>the result leaves through an Identity named {@code logits}.
 * </ul>
 *
 * Every integer is rounded with its tensor's round mode plugin. The same model gives the same
 * bytes: nodes follow the graph's order and nothing depends on a map's order.
 */
final class QdqExport {

    static final String FILE = "model_qdq.onnx";
    static final String OUTPUT = "logits";
    private static final String PRODUCER = "qforge-edge-npu-target";

    private final QuantizedModel model;
    private final Graph graph;
    private final Map<String, Shape> shapes;
    private final OnnxModel onnx;
    /** For each IR tensor, the ONNX value its readers take: its DequantizeLinear output when it is quantized. */
    private final Map<String, String> visible = new HashMap<>();

    private QdqExport(QuantizedModel model) {
        this.model = model;
        this.graph = model.graph();
        this.shapes = ShapeInference.infer(graph, 1);
        this.onnx = new OnnxModel(graph.name(), PRODUCER);
    }

    /** The bytes of model_qdq.onnx for {@code model}. */
    static byte[] write(QuantizedModel model) {
        return new QdqExport(model).build();
    }

    private byte[] build() {
        if (graph.inputs().size() != 1 || graph.outputs().size() != 1) {
            throw new InvalidInputException(graph.name(), "has " + graph.inputs().size() + " inputs and " + graph.outputs().size()
                    + " outputs. Allowed: one image input and one logits output");
        }
        GraphInput input = graph.inputs().get(0);
        onnx.input(OnnxValueInfo.floatBatch(input.name(), input.sampleShape().getShape()));
        visible.put(input.name(), quantized(input.name(), input.name()));
        for (Node node : graph.nodes()) {
            visible.put(node.name(), quantized(node.name(), emit(node)));
        }
        String result = graph.outputs().get(0);
        onnx.add(OnnxNode.of("Identity", OUTPUT, visible.get(result)).output(OUTPUT));
        long[] outShape = shapes.get(result).getShape();
        long[] sample = new long[outShape.length - 1];
        System.arraycopy(outShape, 1, sample, 0, sample.length);
        onnx.output(OnnxValueInfo.floatBatch(OUTPUT, sample));
        return onnx.toByteArray();
    }

    /** Adds the ONNX node(s) of {@code node}; returns the value holding its float output. */
    private String emit(Node node) {
        String x = visible.get(node.inputs().get(0));
        String name = node.name();
        return switch (node.op()) {
            case Ops.CONV2D -> {
                List<Integer> k = node.intsAttr("kernel", null);
                List<Integer> s = node.intsAttr("stride", List.of(1, 1));
                List<Integer> d = node.intsAttr("dilation", List.of(1, 1));
                List<Integer> p = node.intsAttr("pad", List.of(0, 0, 0, 0));
                // IR pairs are XIR's (w, h) and pads (left, right, top, bottom); ONNX wants (h, w) and (top, left, bottom, right).
                yield onnx.add(OnnxNode.of("Conv", name, layerInputs(node, x)).output(name)
                        .ints("kernel_shape", k.get(1), k.get(0))
                        .ints("strides", s.get(1), s.get(0))
                        .ints("pads", p.get(2), p.get(0), p.get(3), p.get(1))
                        .ints("dilations", d.get(1), d.get(0))
                        .attribute("group", (long) node.intAttr("group", 1)));
            }
            case Ops.LINEAR -> {
                Shape in = shapes.get(node.inputs().get(0));
                if (in.dimension() != 2) {
                    throw new InvalidInputException(name, "is a linear layer on a tensor of shape " + in
                            + ", which Gemm cannot take. Allowed: a 2-D input (N, features); flatten before it");
                }
                yield onnx.add(OnnxNode.of("Gemm", name, layerInputs(node, x)).output(name).attribute("transB", 1L));
            }
            case Ops.RELU -> onnx.add(OnnxNode.of("Relu", name, x).output(name));
            case Ops.MAX_POOL2D, Ops.AVG_POOL2D -> {
                List<Integer> k = node.intsAttr("kernel", null);
                List<Integer> s = node.intsAttr("stride", k);
                List<Integer> p = node.intsAttr("pad", List.of(0, 0, 0, 0));
                boolean max = node.op().equals(Ops.MAX_POOL2D);
                OnnxNode pool = OnnxNode.of(max ? "MaxPool" : "AveragePool", name, x).output(name)
                        .ints("kernel_shape", k.get(1), k.get(0))
                        .ints("strides", s.get(1), s.get(0))
                        .ints("pads", p.get(2), p.get(0), p.get(3), p.get(1))
                        .attribute("ceil_mode", node.boolAttr("ceil_mode", false) ? 1L : 0L);
                if (!max) {
                    pool.attribute("count_include_pad", node.boolAttr("count_include_pad", true) ? 1L : 0L);
                }
                yield onnx.add(pool);
            }
            case Ops.GLOBAL_AVG_POOL -> onnx.add(OnnxNode.of("GlobalAveragePool", name, x).output(name));
            case Ops.ADD -> onnx.add(OnnxNode.of("Add", name, x, visible.get(node.inputs().get(1))).output(name));
            case Ops.FLATTEN -> {
                int start = node.intAttr("start_axis", 1);
                int end = node.intAttr("end_axis", -1);
                int rank = shapes.get(node.inputs().get(0)).dimension();
                if (end != -1 && end != rank - 1) {
                    throw new InvalidInputException(name, "flattens axes " + start + " to " + end + " of a rank-" + rank
                            + " tensor, which ONNX Flatten cannot express. Allowed: end_axis -1");
                }
                yield onnx.add(OnnxNode.of("Flatten", name, x).output(name).attribute("axis", (long) start));
            }
            case Ops.IDENTITY -> onnx.add(OnnxNode.of("Identity", name, x).output(name));
            default -> throw new InvalidInputException(name, "is a " + node.op() + " node, which edge-npu cannot compile. Allowed: "
                    + new TreeSet<>(EdgeNpuInspector.NPU_OPS) + " (fold batch norm and replace other ops before compiling)");
        };
    }

    /** The inputs of a conv or linear node: the data, the dequantized weight and, when it has one, the dequantized bias. */
    private String[] layerInputs(Node node, String x) {
        String w = weight(node);
        return node.param("bias") == null ? new String[] {x, w} : new String[] {x, w, bias(node)};
    }

    /** The weight input of a conv or linear: float, or int8-held integers behind a DequantizeLinear. */
    private String weight(Node node) {
        String w = node.param("weight");
        float[] values = model.parameters().get(w).toFloatArray();
        long[] dims = graph.parameters().get(w).shape().getShape();
        QuantParams p = model.quantParams().get(w);
        if (p == null) {
            return onnx.add(OnnxInitializer.floats(w, dims, values));
        }
        if (p.qmin() < -128 || p.qmax() > 127) {
            throw new InvalidInputException(w, "has the integer grid [" + p.qmin() + ", " + p.qmax() + "], which an INT8 initializer "
                    + "cannot hold. Allowed: a grid within [-128, 127] (edge-npu's weights are 4-bit, [-8, 7])");
        }
        if (!p.isPerTensor() && (p.axis() != 0 || p.channels() != dims[0])) {
            throw new InvalidInputException(w, "has " + p.channels() + " scales along axis " + p.axis()
                    + ". Allowed: one scale per output channel, along axis 0");
        }
        RoundMode round = model.roundMode(w);
        int channels = p.channels();
        int perChannel = values.length / channels;
        long[] q = new long[values.length];
        for (int c = 0; c < channels; c++) {
            for (int i = c * perChannel; i < (c + 1) * perChannel; i++) {
                q[i] = clamp((long) round.round(values[i] / p.scale(c)) + p.zeroPoint(c), p.qmin(), p.qmax());
            }
        }
        String integers = onnx.add(OnnxInitializer.int8(w + ".quantized", dims, q));
        long[] scaleDims = p.isPerTensor() ? new long[0] : new long[] {channels};
        String scale = onnx.add(OnnxInitializer.floats(w + ".scale", scaleDims, p.scales()));
        String zero = onnx.add(OnnxInitializer.int8(w + ".zero_point", scaleDims, p.zeroPoints()));
        OnnxNode dq = OnnxNode.of("DequantizeLinear", w + ".dequantize", integers, scale, zero).output(w);
        if (!p.isPerTensor()) {
            dq.attribute("axis", 0L);
        }
        return onnx.add(dq);
    }

    /**
     * The bias input, as the float values the NPU adds: its 32-bit integers times its own
     * calibrated scale. edge-npu rescales a bias before adding it to the accumulator, so the bias is
     * not on ONNX's accumulator grid (input scale x weight scale); written as an INT32
     * DequantizeLinear, ONNX Runtime's QDQ fusion would take it for one and compute wrong sums.
     */
    private String bias(Node node) {
        String b = node.param("bias");
        float[] values = model.parameters().get(b).toFloatArray();
        long[] dims = graph.parameters().get(b).shape().getShape();
        QuantParams p = model.quantParams().get(b);
        if (p != null) {
            RoundMode round = model.roundMode(b);
            for (int i = 0; i < values.length; i++) {
                int channel = p.isPerTensor() ? 0 : i;
                long q = clamp((long) round.round(values[i] / p.scale(channel)), p.qmin(), p.qmax());
                values[i] = (q - p.zeroPoint(channel)) * p.scale(channel);
            }
        }
        return onnx.add(OnnxInitializer.floats(b, dims, values));
    }

    /** A quantized tensor passes through QuantizeLinear and DequantizeLinear; returns the value its readers take. */
    private String quantized(String tensor, String value) {
        QuantParams p = model.quantParams().get(tensor);
        if (p == null) {
            return value;
        }
        if (!p.isPerTensor()) {
            throw new InvalidInputException(tensor, "is an input or activation quantized per channel. Allowed: per tensor");
        }
        boolean unsigned = p.qmin() == 0 && p.qmax() == 255;
        if (!unsigned && !(p.qmin() == -128 && p.qmax() == 127)) {
            throw new InvalidInputException(tensor, "has the integer grid [" + p.qmin() + ", " + p.qmax() + "], but QuantizeLinear "
                    + "saturates to a whole 8-bit type. Allowed: [0, 255] (edge-npu's activations) or [-128, 127]");
        }
        String scale = onnx.add(OnnxInitializer.floats(tensor + ".scale", new long[0], new float[] {p.scale(0)}));
        long[] zp = {p.zeroPoint(0)};
        String zero = onnx.add(unsigned ? OnnxInitializer.uint8(tensor + ".zero_point", new long[0], zp)
                : OnnxInitializer.int8(tensor + ".zero_point", new long[0], zp));
        String q = onnx.add(OnnxNode.of("QuantizeLinear", tensor + ".quantize", value, scale, zero).output(tensor + ".quantized"));
        return onnx.add(OnnxNode.of("DequantizeLinear", tensor + ".dequantize", q, scale, zero).output(tensor + ".dequantized"));
    }

    private static long clamp(long v, long lo, long hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
