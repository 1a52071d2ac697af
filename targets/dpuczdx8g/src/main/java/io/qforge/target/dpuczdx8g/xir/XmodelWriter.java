package io.qforge.target.dpuczdx8g.xir;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.qforge.api.InvalidInputException;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.GraphInput;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Ops;
import io.qforge.api.graph.ShapeInference;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.quant.ResolvedSpec;
import io.qforge.api.target.QuantizedModel;
import io.qforge.target.dpuczdx8g.xir.XirProto.AttrValue;
import io.qforge.target.dpuczdx8g.xir.XirProto.OPNode;
import io.qforge.target.dpuczdx8g.xir.XirProto.OpArg;
import io.qforge.target.dpuczdx8g.xir.XirProto.SubGraph;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The quantized model as an XIR graph ({@code serial_v2.Graph}), the file {@code vai_c_xir}
 * compiles (REFERENCE.md §4): float ops in NHWC, a {@code const} op per weight and bias (raw
 * little-endian float32, conv weights in OHWI, depthwise weights as XIR has them, [channel
 * multiplier, kh, kw, channels]) and a {@code fix} op after every quantized tensor with
 * its fix point, bit width, signedness and round mode. Consumers read the {@code fix} op, as in
 * the files {@code vai_q_pytorch} writes.
 */
public final class XmodelWriter {

    /** XIR's data_type code for FLOAT (INT, UINT, XINT, XUINT, FLOAT, BFLOAT, UNKNOWN). */
    static final int FLOAT = 4;

    private final QuantizedModel model;
    private final Graph graph;
    private final Map<String, Shape> shapes;
    private final List<OPNode> ops = new ArrayList<>();
    /** For each IR tensor, the XIR op its readers take: its fix op when it is quantized. */
    private final Map<String, String> visible = new HashMap<>();

    private XmodelWriter(QuantizedModel model) {
        this.model = model;
        this.graph = model.graph();
        this.shapes = ShapeInference.infer(graph, 1);
    }

    /** The XIR graph of {@code model}, named {@code name}. */
    public static XirProto.Graph write(QuantizedModel model, String name) {
        return new XmodelWriter(model).build(name);
    }

    private XirProto.Graph build(String name) {
        GraphInput input = graph.inputs().get(0);
        Map<String, AttrValue> dataAttrs = new LinkedHashMap<>();
        dataAttrs.put("shape", XirAttrs.ints(dims(input.name())));
        dataAttrs.put("data_type", XirAttrs.of("FLOAT32"));
        add(input.name(), "data", dataAttrs, Map.of(), dims(input.name()));
        visible.put(input.name(), fixed(input.name(), input.name(), dims(input.name())));
        for (Node node : graph.nodes()) {
            String out = emit(node);
            visible.put(node.name(), fixed(node.name(), out, dims(node.name())));
        }
        XirProto.SubGraph.Builder root = XirProto.SubGraph.newBuilder().setSubgraphName("root");
        ops.forEach(op -> root.addOpName(op.getOpName()));
        return XirProto.Graph.newBuilder()
                .setGraphName(name)
                .addAllOpNode(ops)
                .setSubgRoot(root)
                .putGraphAttr("return_ops", XirAttrs.strings(List.of(visible.get(graph.outputs().get(0)))))
                .build();
    }

    /** Emits the ops of one IR node; returns the XIR op that carries its output. */
    private String emit(Node node) {
        String x = visible.get(node.inputs().get(0));
        Map<String, AttrValue> attrs = new LinkedHashMap<>();
        switch (node.op()) {
            case Ops.CONV2D, Ops.DEPTHWISE_CONV2D -> {
                Shape w = model.parameters().get(node.param("weight")).getShape();
                attrs.put("kernel", XirAttrs.ints(node.intsAttr("kernel", null)));
                attrs.put("stride", XirAttrs.ints(node.intsAttr("stride", List.of(1, 1))));
                attrs.put("dilation", XirAttrs.ints(node.intsAttr("dilation", List.of(1, 1))));
                attrs.put("pad", XirAttrs.ints(node.intsAttr("pad", List.of(0, 0, 0, 0))));
                attrs.put("pad_mode", XirAttrs.of("FLOOR"));
                if (node.op().equals(Ops.CONV2D)) {
                    attrs.put("group", XirAttrs.of(node.intAttr("group", 1)));
                }
                attrs.put("in_dim", XirAttrs.of((int) shapes.get(node.inputs().get(0)).get(1)));
                attrs.put("out_dim", XirAttrs.of((int) w.get(0)));
                attrs.put("bias_term", XirAttrs.of(node.param("bias") != null));
                Map<String, List<String>> args = new LinkedHashMap<>();
                args.put("input", List.of(x));
                long inChannels = shapes.get(node.inputs().get(0)).get(1);
                args.put("weights", List.of(constant(node.param("weight"), node.op().equals(Ops.CONV2D) ? Layout.OHWI : Layout.DEPTHWISE, inChannels)));
                if (node.param("bias") != null) {
                    args.put("bias", List.of(constant(node.param("bias"), Layout.AS_IS)));
                }
                return add(node.name(), node.op(), attrs, args, dims(node.name()));
            }
            case Ops.LINEAR -> {
                attrs.put("transpose_a", XirAttrs.of(false));
                attrs.put("transpose_b", XirAttrs.of(true));
                Map<String, List<String>> args = new LinkedHashMap<>();
                args.put("input", List.of(x, constant(node.param("weight"), Layout.AS_IS)));
                if (node.param("bias") != null) {
                    args.put("bias", List.of(constant(node.param("bias"), Layout.AS_IS)));
                }
                return add(node.name(), "matmul", attrs, args, dims(node.name()));
            }
            case Ops.RELU, Ops.RELU6 -> {
                return add(node.name(), node.op(), attrs, Map.of("input", List.of(x)), dims(node.name()));
            }
            case Ops.LEAKY_RELU -> {
                attrs.put("alpha", XirAttrs.of(node.floatAttr("alpha", 0.01f)));
                return add(node.name(), "leaky-relu", attrs, Map.of("input", List.of(x)), dims(node.name()));
            }
            case Ops.MAX_POOL2D, Ops.AVG_POOL2D -> {
                attrs.put("kernel", XirAttrs.ints(node.intsAttr("kernel", null)));
                attrs.put("stride", XirAttrs.ints(node.intsAttr("stride", node.intsAttr("kernel", null))));
                attrs.put("pad", XirAttrs.ints(node.intsAttr("pad", List.of(0, 0, 0, 0))));
                attrs.put("pad_mode", XirAttrs.of(node.boolAttr("ceil_mode", false) ? "CEIL" : "FLOOR"));
                attrs.put("global", XirAttrs.of(false));
                if (node.op().equals(Ops.AVG_POOL2D)) {
                    attrs.put("count_include_pad", XirAttrs.of(node.boolAttr("count_include_pad", true)));
                    attrs.put("count_include_invalid", XirAttrs.of(true));
                }
                return add(node.name(), node.op(), attrs, Map.of("input", List.of(x)), dims(node.name()));
            }
            case Ops.GLOBAL_AVG_POOL -> {
                Shape in = shapes.get(node.inputs().get(0));
                List<Integer> window = List.of((int) in.get(3), (int) in.get(2));
                attrs.put("kernel", XirAttrs.ints(window));
                attrs.put("stride", XirAttrs.ints(window));
                attrs.put("pad", XirAttrs.ints(List.of(0, 0, 0, 0)));
                attrs.put("pad_mode", XirAttrs.of("FLOOR"));
                attrs.put("global", XirAttrs.of(true));
                attrs.put("count_include_pad", XirAttrs.of(true));
                attrs.put("count_include_invalid", XirAttrs.of(true));
                return add(node.name(), Ops.AVG_POOL2D, attrs, Map.of("input", List.of(x)), dims(node.name()));
            }
            case Ops.ADD -> {
                List<String> terms = node.inputs().stream().map(visible::get).toList();
                return add(node.name(), "add", attrs, Map.of("input", terms), dims(node.name()));
            }
            case Ops.CONCAT -> {
                // Channels are the last axis of NHWC.
                attrs.put("axis", XirAttrs.of(shapes.get(node.name()).dimension() == 4 ? 3 : 1));
                List<String> parts = node.inputs().stream().map(visible::get).toList();
                return add(node.name(), "concat", attrs, Map.of("input", parts), dims(node.name()));
            }
            case Ops.BATCH_NORM -> {
                attrs.put("epsilon", XirAttrs.of(node.floatAttr("epsilon", 1e-5f)));
                attrs.put("axis", XirAttrs.of(3));
                Map<String, List<String>> args = new LinkedHashMap<>();
                args.put("input", List.of(x));
                args.put("gamma", List.of(constant(node.param("weight"), Layout.AS_IS)));
                args.put("beta", List.of(constant(node.param("bias"), Layout.AS_IS)));
                args.put("moving_mean", List.of(constant(node.param("running_mean"), Layout.AS_IS)));
                args.put("moving_var", List.of(constant(node.param("running_var"), Layout.AS_IS)));
                return add(node.name(), "batchnorm", attrs, args, dims(node.name()));
            }
            case Ops.FLATTEN -> {
                Shape in = shapes.get(node.inputs().get(0));
                String source = x;
                if (in.dimension() == 4 && in.get(2) * in.get(3) > 1) {
                    // IR flattens NCHW; XIR holds NHWC, so bring channels first again before the reshape.
                    Map<String, AttrValue> order = Map.of("order", XirAttrs.ints(List.of(0, 3, 1, 2)));
                    source = add(node.name() + "_nchw", "transpose", order, Map.of("input", List.of(x)),
                            List.of(1, (int) in.get(1), (int) in.get(2), (int) in.get(3)));
                }
                attrs.put("shape", XirAttrs.ints(dims(node.name())));
                return add(node.name(), "reshape", attrs, Map.of("input", List.of(source)), dims(node.name()));
            }
            case Ops.IDENTITY -> {
                return x;
            }
            default -> throw new InvalidInputException(node.name(), "is a " + node.op()
                    + " node, which the XIR export does not know. Exported ops: conv2d, depthwise-conv2d, linear, batchnorm,"
                    + " relu, relu6, leaky-relu, maxpool2d, avgpool2d, global-avgpool2d, add, concat, flatten, identity");
        }
    }

    /** How a parameter is laid out in its const op. */
    private enum Layout {
        /** As the IR holds it: biases, linear weights, batch norm vectors. */
        AS_IS,
        /** A conv weight, OIHW in the IR, OHWI in XIR. */
        OHWI,
        /**
         * A depthwise weight, [C x m, 1, kh, kw] in the IR with output channel c m + j reading input
         * channel c, as XIR has it: [m, kh, kw, C].
         */
        DEPTHWISE
    }

    private String constant(String name, Layout layout) {
        return constant(name, layout, 0);
    }

    /**
     * A const op for parameter {@code name}, laid out as XIR wants it ({@code inChannels}: a
     * depthwise conv's input channels), followed by its fix op when it is quantized.
     */
    private String constant(String name, Layout layout, long inChannels) {
        NDArray value = model.parameters().get(name);
        NDArray laidOut = switch (layout) {
            case AS_IS -> value;
            case OHWI -> value.transpose(0, 2, 3, 1);
            case DEPTHWISE -> {
                Shape s = value.getShape();
                try (NDArray grouped = value.reshape(inChannels, s.get(0) / inChannels, s.get(2), s.get(3))) {
                    yield grouped.transpose(1, 2, 3, 0);
                }
            }
        };
        float[] floats = laidOut.toFloatArray();
        ByteBuffer data = ByteBuffer.allocate(floats.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        data.asFloatBuffer().put(floats);
        List<Integer> shape = new ArrayList<>();
        for (long d : laidOut.getShape().getShape()) {
            shape.add((int) d);
        }
        if (laidOut != value) {
            laidOut.close();
        }
        Map<String, AttrValue> attrs = new LinkedHashMap<>();
        attrs.put("data", XirAttrs.bytes(data.array()));
        attrs.put("data_type", XirAttrs.of("float32"));
        attrs.put("shape", XirAttrs.ints(shape));
        add(name, "const", attrs, Map.of(), shape);
        return fixed(name, name, shape);
    }

    /** Adds the fix op of IR tensor {@code tensor} after XIR op {@code op} when the tensor is quantized. */
    private String fixed(String tensor, String op, List<Integer> dims) {
        QuantParams p = model.quantParams().get(tensor);
        if (p == null) {
            return op;
        }
        ResolvedSpec spec = model.specs().get(tensor);
        if (!p.isPowerOfTwo() || !p.isPerTensor()) {
            throw new InvalidInputException(tensor, "is quantized with a float or per-channel scale, which XIR's fix op cannot carry. "
                    + "The DPU needs power_of_two, per-tensor quantization");
        }
        String round = spec.roundMode().xirName().orElseThrow(() -> new InvalidInputException(tensor, "uses the round mode "
                + spec.roundMode().name() + ", which has no XIR name, so no fix op can carry it. Allowed: a round mode whose xirName() is "
                + "DPU_ROUND, STD_ROUND or PY3_ROUND (half_up, std_round, half_even)"));
        Map<String, AttrValue> attrs = new LinkedHashMap<>();
        attrs.put("bit_width", XirAttrs.of(spec.spec().bitWidth()));
        attrs.put("fix_point", XirAttrs.of(p.fixPosition(0).orElseThrow()));
        attrs.put("if_signed", XirAttrs.of(spec.spec().signed()));
        attrs.put("round_mode", XirAttrs.of(round));
        return add(fixOpName(op), "fix", attrs, Map.of("input", List.of(op)), dims);
    }

    /** The name of the fix op after XIR op {@code op}: what a board's dump names the tensor's file after. */
    public static String fixOpName(String op) {
        return op + "_fix";
    }

    private String add(String name, String type, Map<String, AttrValue> attrs, Map<String, List<String>> args, List<Integer> dims) {
        OPNode.Builder op = OPNode.newBuilder().setOpName(name).setOpType(type).putAllOpAttr(attrs);
        args.forEach((arg, from) -> op.addArgs(OpArg.newBuilder().setArgName(arg).addAllArgOps(from)));
        op.setOutputTensor(XirProto.Tensor.newBuilder().setTensorName(name).addAllTensorDim(dims).setDataType(FLOAT).setTensorBitWidth(32));
        ops.add(op.build());
        return name;
    }

    /** The NHWC dims of an IR tensor, batch 1. */
    private List<Integer> dims(String tensor) {
        Shape s = shapes.get(tensor);
        List<Integer> out = new ArrayList<>();
        if (s.dimension() == 4) {
            out.addAll(List.of((int) s.get(0), (int) s.get(2), (int) s.get(3), (int) s.get(1)));
        } else {
            for (long d : s.getShape()) {
                out.add((int) d);
            }
        }
        return out;
    }
}
