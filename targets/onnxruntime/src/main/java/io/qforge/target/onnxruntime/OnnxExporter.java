package io.qforge.target.onnxruntime;

import ai.djl.ndarray.types.Shape;
import com.google.protobuf.ByteString;
import io.qforge.api.InvalidInputException;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Ops;
import io.qforge.api.graph.Pooling;
import io.qforge.api.graph.ShapeInference;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.quant.ResolvedSpec;
import io.qforge.api.target.QuantizedModel;
import io.qforge.onnx.OnnxModel.AttributeProto;
import io.qforge.onnx.OnnxModel.GraphProto;
import io.qforge.onnx.OnnxModel.ModelProto;
import io.qforge.onnx.OnnxModel.NodeProto;
import io.qforge.onnx.OnnxModel.OperatorSetIdProto;
import io.qforge.onnx.OnnxModel.TensorProto;
import io.qforge.onnx.OnnxModel.TensorShapeProto;
import io.qforge.onnx.OnnxModel.TypeProto;
import io.qforge.onnx.OnnxModel.ValueInfoProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A folded graph as ONNX (NCHW, at the config's {@code onnx_opset_version}, 13 by default): in
 * float, or in QDQ form, where every quantized input and activation passes through QuantizeLinear
 * then DequantizeLinear with qforge's scale and zero point, weights are stored as int8 (per tensor,
 * or per output channel with axis 0) behind a DequantizeLinear, and a conv's or linear's bias is
 * int32 behind a DequantizeLinear. Power-of-two scales are written as their float values.
 *
 * <p>Every op it writes means the same from opset 13 to 22 for what it writes: Conv, Gemm, Relu,
 * Clip (bounds as inputs), LeakyRelu, MaxPool, AveragePool, GlobalAveragePool, Add, Mul, Concat,
 * Flatten, Identity, BatchNormalization (inference form) and per-tensor or per-axis int8/uint8/int32
 * QuantizeLinear and DequantizeLinear; the versions past 13 add types (bfloat16, float8, int4), a
 * {@code saturate} flag for float8, block quantization and AveragePool's dilations, none of which
 * it uses. Per-axis QDQ needs 13, so nothing lower is written; {@code OnnxExportTest} runs the
 * same model at 13, 17 and 22 through ONNX Runtime.
 */
public final class OnnxExporter {

    static final int OPSET = QuantizedModel.DEFAULT_ONNX_OPSET;
    static final String OUTPUT = "logits";
    static final Set<String> OPS = Set.of(Ops.CONV2D, Ops.DEPTHWISE_CONV2D, Ops.LINEAR, Ops.RELU, Ops.RELU6, Ops.LEAKY_RELU, Ops.MAX_POOL2D,
            Ops.AVG_POOL2D, Ops.GLOBAL_AVG_POOL, Ops.ADD, Ops.CONCAT, Ops.FLATTEN, Ops.IDENTITY, Ops.BATCH_NORM);
    private static final int FLOAT = 1;
    private static final int UINT8 = 2;
    private static final int INT8 = 3;
    private static final int INT32 = 6;

    /** A parameter's values, by name, as float32 in the graph's layout. */
    public interface Weights {
        float[] get(String name);
    }

    private final Graph graph;
    private final Weights weights;
    private final Map<String, QuantParams> params;
    private final Map<String, ResolvedSpec> specs;
    private final GraphProto.Builder out = GraphProto.newBuilder();
    /** For each IR tensor, the ONNX value its readers take: its DequantizeLinear output when it is quantized. */
    private final Map<String, String> visible = new HashMap<>();
    /** The quantized inputs and activations, in graph order. */
    private final List<String> quantizedActivations = new ArrayList<>();

    private final int opset;

    private OnnxExporter(Graph graph, Weights weights, Map<String, QuantParams> params, Map<String, ResolvedSpec> specs, int opset) {
        if (opset < QuantizedModel.MIN_ONNX_OPSET || opset > QuantizedModel.MAX_ONNX_OPSET) {
            throw new InvalidInputException("onnx_opset_version", opset + " is not an opset qforge's ONNX export writes. Allowed: "
                    + QuantizedModel.MIN_ONNX_OPSET + " to " + QuantizedModel.MAX_ONNX_OPSET);
        }
        this.graph = graph;
        this.weights = weights;
        this.params = params;
        this.specs = specs;
        this.opset = opset;
    }

    /** The float model at the default opset. */
    public static ModelProto floatModel(Graph graph, Weights weights) {
        return floatModel(graph, weights, OPSET);
    }

    /** The float model at {@code opset}. */
    public static ModelProto floatModel(Graph graph, Weights weights, int opset) {
        return new OnnxExporter(graph, weights, Map.of(), Map.of(), opset).build();
    }

    /** The QDQ model at the default opset. */
    public static ModelProto qdqModel(Graph graph, Weights weights, Map<String, QuantParams> params, Map<String, ResolvedSpec> specs) {
        return qdqModel(graph, weights, params, specs, OPSET);
    }

    /** The QDQ model at {@code opset} with {@code params} (and their specs' round modes) for every quantized tensor. */
    public static ModelProto qdqModel(Graph graph, Weights weights, Map<String, QuantParams> params, Map<String, ResolvedSpec> specs,
            int opset) {
        return new OnnxExporter(graph, weights, params, specs, opset).build();
    }

    /**
     * The QDQ model with, as extra outputs, the integers of every quantized input and activation
     * (the outputs of their QuantizeLinear, named {@code <tensor>.quantized}): to compare them with
     * another model's.
     */
    public static ModelProto qdqModelExposingIntegers(Graph graph, Weights weights, Map<String, QuantParams> params, Map<String, ResolvedSpec> specs,
            int opset) {
        OnnxExporter e = new OnnxExporter(graph, weights, params, specs, opset);
        e.build();
        for (String tensor : e.quantizedActivations) {
            QuantParams p = params.get(tensor);
            e.out.addOutput(ValueInfoProto.newBuilder().setName(tensor + ".quantized").setType(TypeProto.newBuilder()
                    .setTensorType(TypeProto.Tensor.newBuilder().setElemType(p.qmin() < 0 ? INT8 : UINT8))));
        }
        return e.model();
    }

    private ModelProto build() {
        Map<String, ai.djl.ndarray.types.Shape> shapes = ShapeInference.infer(graph, 1);
        String input = graph.inputs().get(0).name();
        out.setName(graph.name());
        out.addInput(valueInfo(input, shapes.get(input).getShape()));
        visible.put(input, quantized(input, input));
        for (Node node : graph.nodes()) {
            String produced = emit(node);
            visible.put(node.name(), quantized(node.name(), produced));
        }
        String result = visible.get(graph.outputs().get(0));
        out.addNode(NodeProto.newBuilder().setOpType("Identity").setName(OUTPUT).addInput(result).addOutput(OUTPUT));
        out.addOutput(valueInfo(OUTPUT, shapes.get(graph.outputs().get(0)).getShape()));
        return model();
    }

    private ModelProto model() {
        return ModelProto.newBuilder().setIrVersion(irVersion(opset)).setProducerName("qforge").setGraph(out)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset)).build();
    }

    /** The lowest IR version that may import {@code opset} (ONNX's versioning table), as checkers require it. */
    static int irVersion(int opset) {
        if (opset <= 14) {
            return 7;
        }
        if (opset <= 18) {
            return 8;
        }
        return opset <= 20 ? 9 : 10;
    }

    private String emit(Node node) {
        String x = visible.get(node.inputs().get(0));
        String name = node.name();
        return switch (node.op()) {
            case Ops.CONV2D, Ops.DEPTHWISE_CONV2D -> {
                List<Integer> k = node.intsAttr("kernel", null);
                List<Integer> s = node.intsAttr("stride", List.of(1, 1));
                List<Integer> d = node.intsAttr("dilation", List.of(1, 1));
                List<Integer> p = node.intsAttr("pad", List.of(0, 0, 0, 0));
                int group = node.op().equals(Ops.DEPTHWISE_CONV2D) ? (int) graph.parameters().get(node.param("weight")).shape().get(0)
                        : node.intAttr("group", 1);
                NodeProto.Builder conv = node(name, "Conv", x, weight(node), bias(node))
                        .addAttribute(ints("kernel_shape", k.get(1), k.get(0))).addAttribute(ints("strides", s.get(1), s.get(0)))
                        .addAttribute(ints("dilations", d.get(1), d.get(0))).addAttribute(ints("pads", p.get(2), p.get(0), p.get(3), p.get(1)))
                        .addAttribute(integer("group", group));
                out.addNode(conv);
                yield name;
            }
            case Ops.LINEAR -> {
                out.addNode(node(name, "Gemm", x, weight(node), bias(node)).addAttribute(integer("transB", 1)));
                yield name;
            }
            case Ops.RELU -> add(node(name, "Relu", x));
            case Ops.RELU6 -> add(node(name, "Clip", x, scalar(name + ".min", 0f), scalar(name + ".max", 6f)));
            case Ops.LEAKY_RELU -> add(node(name, "LeakyRelu", x).addAttribute(real("alpha", node.floatAttr("alpha", 0.01f))));
            case Ops.MAX_POOL2D, Ops.AVG_POOL2D -> {
                List<Integer> k = node.intsAttr("kernel", null);
                List<Integer> s = node.intsAttr("stride", k);
                List<Integer> p = node.intsAttr("pad", List.of(0, 0, 0, 0));
                boolean average = node.op().equals(Ops.AVG_POOL2D);
                NodeProto.Builder pool = node(average ? averageName(node) : name, average ? "AveragePool" : "MaxPool", x)
                        .addAttribute(ints("kernel_shape", k.get(1), k.get(0))).addAttribute(ints("strides", s.get(1), s.get(0)))
                        .addAttribute(ints("pads", p.get(2), p.get(0), p.get(3), p.get(1)))
                        .addAttribute(integer("ceil_mode", node.boolAttr("ceil_mode", false) ? 1 : 0));
                if (!average) {
                    yield add(pool);
                }
                pool.addAttribute(integer("count_include_pad", node.boolAttr("count_include_pad", true) ? 1 : 0));
                yield scaled(node, add(pool));
            }
            case Ops.GLOBAL_AVG_POOL -> scaled(node, add(node(averageName(node), "GlobalAveragePool", x)));
            case Ops.ADD -> add(node(name, "Add", x, visible.get(node.inputs().get(1))));
            case Ops.CONCAT -> add(node(name, "Concat", node.inputs().stream().map(visible::get).toArray(String[]::new))
                    .addAttribute(integer("axis", node.intAttr("axis", 1))));
            case Ops.FLATTEN -> add(node(name, "Flatten", x).addAttribute(integer("axis", node.intAttr("start_axis", 1))));
            case Ops.IDENTITY -> x;
            // A batch norm no conv absorbed (after a concat, say) stays in float, as it does in qforge's simulation.
            case Ops.BATCH_NORM -> add(node(name, "BatchNormalization", x, floatParam(node, "weight"), floatParam(node, "bias"),
                    floatParam(node, "running_mean"), floatParam(node, "running_var")).addAttribute(real("epsilon", node.floatAttr("epsilon", 1e-5f))));
            default -> throw new InvalidInputException(name, "is a " + node.op() + " node, which the ONNX export cannot express. Exported ops: "
                    + new TreeSet<>(OPS));
        };
    }

    /** A parameter of {@code node} as a float initializer. */
    private String floatParam(Node node, String role) {
        String name = node.param(role);
        out.addInitializer(floats(name, graph.parameters().get(name).shape().getShape(), weights.get(name)));
        return name;
    }

    /** The weight input of a conv or linear: float, or int8 behind a DequantizeLinear. */
    private String weight(Node node) {
        String w = node.param("weight");
        float[] values = weights.get(w);
        long[] dims = graph.parameters().get(w).shape().getShape();
        QuantParams p = params.get(w);
        if (p == null) {
            out.addInitializer(floats(w, dims, values));
            return w;
        }
        int channels = p.isPerTensor() ? 1 : p.channels();
        int perChannel = values.length / channels;
        byte[] q = new byte[values.length];
        for (int c = 0; c < channels; c++) {
            for (int i = c * perChannel; i < (c + 1) * perChannel; i++) {
                q[i] = (byte) clamp((double) specs.get(w).roundMode().round(values[i] / p.scale(c)) + p.zeroPoint(c), p.qmin(), p.qmax());
            }
        }
        int type = p.qmin() < 0 ? INT8 : UINT8;
        out.addInitializer(TensorProto.newBuilder().setName(w + ".quantized").setDataType(type).addAllDims(longs(dims))
                .setRawData(ByteString.copyFrom(q)));
        return dequantize(w + ".quantized", w, p, type, p.isPerTensor() ? null : 0);
    }

    /**
     * The bias input: float, or int32 behind a DequantizeLinear with the bias's own scales. qforge
     * puts a 32-bit bias on input scale x weight scale, the grid QLinearConv adds it on.
     */
    private String bias(Node node) {
        String b = node.param("bias");
        if (b == null) {
            return "";
        }
        float[] values = weights.get(b);
        QuantParams p = params.get(b);
        if (p == null) {
            out.addInitializer(floats(b, new long[] {values.length}, values));
            return b;
        }
        if (specs.get(b).spec().bitWidth() != 32) {
            throw new InvalidInputException(b, "is quantized at " + specs.get(b).spec().bitWidth() + " bits; ONNX Runtime adds int32 biases. "
                    + "Quantize biases at 32 bits (the onnxruntime-cpu target's constraints do)");
        }
        ByteBuffer q = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int c = 0; c < values.length; c++) {
            int channel = p.isPerTensor() ? 0 : c;
            q.putInt((int) clamp((double) specs.get(b).roundMode().round(values[c] / p.scale(channel)) + p.zeroPoint(channel), p.qmin(), p.qmax()));
        }
        out.addInitializer(TensorProto.newBuilder().setName(b + ".quantized").setDataType(INT32).addDims(values.length)
                .setRawData(ByteString.copyFrom(q.array())));
        float[] scales = new float[values.length];
        for (int c = 0; c < values.length; c++) {
            scales[c] = p.scale(p.isPerTensor() ? 0 : c);
        }
        out.addInitializer(floats(b + ".scale", new long[] {values.length}, scales));
        out.addNode(NodeProto.newBuilder().setOpType("DequantizeLinear").setName(b + ".dequantize").addInput(b + ".quantized")
                .addInput(b + ".scale").addOutput(b).addAttribute(integer("axis", 0)));
        return b;
    }

    /** A quantized tensor passes through QuantizeLinear and DequantizeLinear; returns the value its readers take. */
    private String quantized(String tensor, String value) {
        QuantParams p = params.get(tensor);
        if (p == null) {
            return value;
        }
        if (!p.isPerTensor()) {
            throw new InvalidInputException(tensor, "is an activation quantized per channel, which QuantizeLinear cannot apply here");
        }
        int type = p.qmin() < 0 ? INT8 : UINT8;
        quantizedActivations.add(tensor);
        addScaleAndZero(tensor, p, type, null);
        out.addNode(NodeProto.newBuilder().setOpType("QuantizeLinear").setName(tensor + ".quantize").addInput(value).addInput(tensor + ".scale")
                .addInput(tensor + ".zero_point").addOutput(tensor + ".quantized"));
        out.addNode(NodeProto.newBuilder().setOpType("DequantizeLinear").setName(tensor + ".dequantize").addInput(tensor + ".quantized")
                .addInput(tensor + ".scale").addInput(tensor + ".zero_point").addOutput(tensor + ".dequantized"));
        return tensor + ".dequantized";
    }

    private String dequantize(String quantized, String result, QuantParams p, int type, Integer axis) {
        addScaleAndZero(result, p, type, axis);
        NodeProto.Builder dq = NodeProto.newBuilder().setOpType("DequantizeLinear").setName(result + ".dequantize").addInput(quantized)
                .addInput(result + ".scale").addInput(result + ".zero_point").addOutput(result);
        if (axis != null) {
            dq.addAttribute(integer("axis", axis));
        }
        out.addNode(dq);
        return result;
    }

    private void addScaleAndZero(String tensor, QuantParams p, int type, Integer axis) {
        int n = axis == null ? 1 : p.channels();
        float[] scales = new float[n];
        byte[] zeros = new byte[n];
        for (int c = 0; c < n; c++) {
            scales[c] = p.scale(c);
            zeros[c] = (byte) p.zeroPoint(c);
        }
        long[] dims = axis == null ? new long[0] : new long[] {n};
        out.addInitializer(floats(tensor + ".scale", dims, scales));
        out.addInitializer(TensorProto.newBuilder().setName(tensor + ".zero_point").setDataType(type).addAllDims(longs(dims))
                .setRawData(ByteString.copyFrom(zeros)));
    }

    private String scalar(String name, float value) {
        out.addInitializer(floats(name, new long[0], new float[] {value}));
        return name;
    }

    /** An average pool's own output: its name, or a name of its own when a Mul by output_scale follows. */
    private static String averageName(Node node) {
        return Pooling.outputScale(node) == 1f ? node.name() : node.name() + ".average";
    }

    /** The average times the node's output_scale (the arithmetic of the target it was quantized for), when not 1. */
    private String scaled(Node node, String average) {
        float scale = Pooling.outputScale(node);
        return scale == 1f ? average : add(node(node.name(), "Mul", average, scalar(node.name() + ".output_scale", scale)));
    }

    private String add(NodeProto.Builder node) {
        out.addNode(node);
        return node.getOutput(0);
    }

    private static NodeProto.Builder node(String name, String op, String... inputs) {
        NodeProto.Builder n = NodeProto.newBuilder().setName(name).setOpType(op).addOutput(name);
        for (String in : inputs) {
            n.addInput(in);
        }
        return n;
    }

    private static TensorProto floats(String name, long[] dims, float[] values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return TensorProto.newBuilder().setName(name).setDataType(FLOAT).addAllDims(longs(dims)).setRawData(ByteString.copyFrom(b.array())).build();
    }

    private static ValueInfoProto valueInfo(String name, long[] shape) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"));
        for (int i = 1; i < shape.length; i++) {
            s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(shape[i]));
        }
        return ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(FLOAT).setShape(s))).build();
    }

    private static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(7);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    private static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(2).setI(value).build();
    }

    private static AttributeProto real(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(1).setF(value).build();
    }

    private static List<Long> longs(long[] dims) {
        List<Long> out = new ArrayList<>();
        for (long d : dims) {
            out.add(d);
        }
        return out;
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
