package io.qforge.target.dpuczdx8g;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.qforge.api.InvalidInputException;
import io.qforge.api.RoundMode;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Ops;
import io.qforge.api.graph.ShapeInference;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.target.IntegerModel;
import io.qforge.api.target.NodePlacement;
import io.qforge.api.target.QuantizedModel;
import io.qforge.target.dpuczdx8g.xir.XmodelWriter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * What the DPUCZDX8G computes, on the host, in Java integers. Inputs, weights and biases are
 * integers on their fix positions. A conv or linear layer multiplies int8 by int8 into an int
 * accumulator (exact: the DPU's kernel limits keep every sum below 2^31), adds the bias aligned by
 * shift_bias (a negative shift_bias shifts the sum up instead, so no bias bit is lost), and checks
 * the result fits the accumulator; after a fused ReLU, ReLU6 or leaky ReLU (26/256: times 26, 8
 * more fraction bits) the value is shifted down to its tensor's fix position, rounded by the
 * tensor's round mode ({@link RoundMode#shiftRound}, DPU_ROUND for activations) and saturated. An
 * add or concat aligns its inputs to the finest fix position and rounds once; max pool compares
 * integers; an average pool multiplies the window's sum by the DPU's reciprocal ({@link
 * DpuAverage}). Only the model's input is rounded from float, as the board's preprocessing does.
 *
 * <p>Ops the inspector leaves to the CPU (an unfolded batch norm, a leaky relu of another slope,
 * an average over valid values only) run in float64 on the dequantized values, as the CPU subgraph
 * would, and are quantized again where their output is.
 */
final class DpuIntegerModel implements IntegerModel {

    /** The accumulator width qforge checks; Xilinx does not publish the DPU's, and 32 bits is what its int8 datapath needs. */
    static final int ACCUMULATOR_BITS = 32;

    private final QuantizedModel model;
    private final Graph graph;
    private final Map<String, Shape> shapes;
    private final Set<String> onCpu;
    private final Map<String, int[]> integers = new HashMap<>();
    /** Conv weights as IntegerOps.conv reads them: [kh][kw][in / groups][out]. */
    private final Map<String, int[]> convWeights = new HashMap<>();

    DpuIntegerModel(QuantizedModel model) {
        this.model = model;
        this.graph = model.graph();
        this.shapes = ShapeInference.infer(graph, 1);
        this.onCpu = DpuInspector.inspect(graph).placements().stream().filter(p -> !p.device().equals(DpuInspector.DPU))
                .map(NodePlacement::nodeName).collect(Collectors.toSet());
        for (Node node : graph.nodes()) {
            if (node.op().equals(Ops.BATCH_NORM)) {
                continue;
            }
            for (String param : node.params().values()) {
                integers.put(param, quantize(model.parameters().get(param), param));
            }
            if (node.op().equals(Ops.CONV2D) || node.op().equals(Ops.DEPTHWISE_CONV2D) || node.op().equals(Ops.LINEAR)) {
                requireExactSums(node);
            }
            if (node.op().equals(Ops.CONV2D) || node.op().equals(Ops.DEPTHWISE_CONV2D)) {
                String weight = node.param("weight");
                convWeights.put(weight, IntegerOps.convWeights(integers.get(weight), graph.parameters().get(weight).shape()));
            }
        }
    }

    @Override
    public NDArray logits(NDArray input) {
        float[][] images = images(input);
        List<IntTensor> outputs = IntStream.range(0, images.length).parallel()
                .mapToObj(i -> run(images[i], null).get(graph.outputs().get(0))).toList();
        return stack(outputs.stream().map(IntTensor::toFloats).toList(), outputs.get(0).shape(), input.getManager());
    }

    @Override
    public Map<String, NDArray> quantizedTensors(NDArray input) {
        float[][] images = images(input);
        List<Map<String, IntTensor>> runs = IntStream.range(0, images.length).parallel().mapToObj(i -> {
            Map<String, IntTensor> quantized = new LinkedHashMap<>();
            run(images[i], quantized);
            return quantized;
        }).toList();
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (String tensor : runs.get(0).keySet()) {
            List<float[]> values = runs.stream().map(r -> r.get(tensor).toFloats()).toList();
            out.put(tensor, stack(values, runs.get(0).get(tensor).shape(), input.getManager()));
        }
        return out;
    }

    /** The xmodel's fix op of the tensor (see XmodelWriter), as Vitis AI's dump tools name files: '/' becomes '_'. */
    @Override
    public String dumpFile(String tensor) {
        return fixOpFile(tensor);
    }

    static String fixOpFile(String tensor) {
        return XmodelWriter.fixOpName(tensor).replace('/', '_') + ".bin";
    }

    /** The DPU holds feature maps as (H, W, C). */
    @Override
    public boolean dumpsChannelsLast() {
        return true;
    }

    /** One image through the graph; {@code quantized}, when not null, gets every quantized tensor. Returns every value. */
    private Map<String, IntTensor> run(float[] image, Map<String, IntTensor> quantized) {
        Map<String, IntTensor> values = new HashMap<>();
        String in = graph.inputs().get(0).name();
        values.put(in, quantizeInput(in, image, shapes.get(in)));
        if (quantized != null) {
            quantized.put(in, values.get(in));
        }
        for (Node node : graph.nodes()) {
            IntTensor v = requantize(node.name(), compute(node, values));
            values.put(node.name(), v);
            if (quantized != null && model.quantParams().containsKey(node.name())) {
                quantized.put(node.name(), v);
            }
        }
        return values;
    }

    private IntTensor compute(Node node, Map<String, IntTensor> values) {
        IntTensor x = values.get(node.inputs().get(0));
        long[] outShape = shapes.get(node.name()).slice(1).getShape();
        boolean multiplies = node.op().equals(Ops.CONV2D) || node.op().equals(Ops.DEPTHWISE_CONV2D) || node.op().equals(Ops.LINEAR);
        boolean reshapes = node.op().equals(Ops.FLATTEN) || node.op().equals(Ops.IDENTITY);
        boolean floatInput = node.inputs().stream().anyMatch(i -> !values.get(i).isInteger());
        // Convs and linear layers multiply integers wherever they run: their products are exact either way.
        if (!multiplies && !reshapes && (onCpu.contains(node.name()) || floatInput)) {
            return CpuOps.compute(node, node.inputs().stream().map(values::get).toList(), outShape, model);
        }
        return switch (node.op()) {
            case Ops.CONV2D, Ops.DEPTHWISE_CONV2D -> {
                int[] acc = IntegerOps.conv(x.asInts(node), x.shape(), convWeights.get(node.param("weight")),
                        graph.parameters().get(node.param("weight")).shape(), node, outShape);
                yield withBias(node, acc, x.e() + fix(node.param("weight")), outShape, (int) (outShape[1] * outShape[2]));
            }
            case Ops.LINEAR -> {
                int[] acc = IntegerOps.linear(x.asInts(node), integers.get(node.param("weight")), (int) outShape[0]);
                yield withBias(node, acc, x.e() + fix(node.param("weight")), outShape, 1);
            }
            case Ops.RELU -> IntegerOps.relu(x);
            case Ops.RELU6 -> IntegerOps.relu6(x);
            case Ops.LEAKY_RELU -> IntegerOps.leakyRelu(x);
            case Ops.MAX_POOL2D -> IntegerOps.maxPool(x, node, outShape);
            case Ops.AVG_POOL2D, Ops.GLOBAL_AVG_POOL -> {
                int[] window = DpuArithmetic.window(node, shapes);
                yield IntegerOps.averagePool(x, node, window, DpuAverage.of(window[0], window[1]), outShape);
            }
            case Ops.ADD -> IntegerOps.add(x, values.get(node.inputs().get(1)));
            case Ops.CONCAT -> IntegerOps.concat(node.inputs().stream().map(values::get).toList(), outShape);
            case Ops.FLATTEN, Ops.IDENTITY -> x.reshaped(outShape);
            default -> throw new InvalidInputException(node.name(), "is a " + node.op() + " node, which the DPU integer model does not compute");
        };
    }

    /**
     * The accumulator (on 2^-e) plus the integer bias: shifted up by shift_bias = e - fp_bias, or,
     * when that is negative, the accumulator shifted up by -shift_bias instead. Checked against the
     * accumulator width.
     */
    private IntTensor withBias(Node node, int[] acc, int e, long[] shape, int perChannel) {
        long[] sum = new long[acc.length];
        String bias = node.param("bias");
        int[] b = bias == null ? null : integers.get(bias);
        int shiftBias = bias == null ? 0 : e - fix(bias);
        int outE = shiftBias >= 0 ? e : fix(bias);
        long limit = 1L << (ACCUMULATOR_BITS - 1);
        for (int i = 0; i < acc.length; i++) {
            long a = shiftBias >= 0 ? acc[i] : (long) acc[i] << -shiftBias;
            long s = b == null ? a : a + (shiftBias >= 0 ? (long) b[i / perChannel] << shiftBias : b[i / perChannel]);
            if (s >= limit || s < -limit) {
                throw new InvalidInputException(node.name(), "its accumulator reaches " + s + " (shift_bias " + shiftBias + "), beyond the "
                        + ACCUMULATOR_BITS + "-bit accumulator qforge models. Lower the bias's fix position or the layer's weights");
            }
            sum[i] = s;
        }
        return IntTensor.integers(sum, outE, shape);
    }

    /** Onto the tensor's own fix position when it is quantized: shift down with its round mode, saturate. */
    private IntTensor requantize(String tensor, IntTensor v) {
        QuantParams p = model.quantParams().get(tensor);
        if (p == null) {
            return v;
        }
        int fp = p.fixPosition(0).orElseThrow();
        RoundMode mode = model.roundMode(tensor);
        long[] q = new long[v.size()];
        for (int i = 0; i < q.length; i++) {
            long r = v.isInteger() ? shift(v.values()[i], v.e() - fp, mode) : (long) mode.round((float) (v.reals()[i] * Math.pow(2, fp)));
            q[i] = Math.max(p.qmin(), Math.min(p.qmax(), r));
        }
        return IntTensor.integers(q, fp, v.shape());
    }

    /** value * 2^-bits, rounded: a right shift rounds, a left one is exact. */
    private static long shift(long value, int bits, RoundMode mode) {
        if (bits <= 0) {
            return value << -bits;
        }
        return mode.shiftRound(value, Math.min(bits, 62));
    }

    /** The board's preprocessing: the float image times 2^fp (exact in float32), rounded by the input's round mode. */
    private IntTensor quantizeInput(String name, float[] image, Shape shape) {
        QuantParams p = model.quantParams().get(name);
        if (p == null) {
            throw new InvalidInputException(name, "is not quantized; the DPU reads int8 input");
        }
        int fp = p.fixPosition(0).orElseThrow();
        float scale = (float) Math.pow(2, fp);
        RoundMode mode = model.roundMode(name);
        long[] q = new long[image.length];
        for (int i = 0; i < q.length; i++) {
            q[i] = Math.max(p.qmin(), Math.min(p.qmax(), (long) mode.round(image[i] * scale)));
        }
        return IntTensor.integers(q, fp, shape.slice(1).getShape());
    }

    /** A parameter as integers on its fix position, rounded by its round mode as the simulation does. */
    private int[] quantize(NDArray value, String name) {
        QuantParams p = model.quantParams().get(name);
        if (p == null || !p.isPowerOfTwo() || !p.isPerTensor()) {
            throw new InvalidInputException(name, "is not quantized per tensor with a power-of-two scale, which the DPU needs");
        }
        float scale = (float) Math.pow(2, p.fixPosition(0).orElseThrow());
        RoundMode mode = model.roundMode(name);
        float[] v = value.toType(DataType.FLOAT32, false).toFloatArray();
        int[] q = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            q[i] = (int) Math.max(p.qmin(), Math.min(p.qmax(), (long) mode.round(v[i] * scale)));
        }
        return q;
    }

    /** Refuses a layer whose worst-case int8 sum could pass 2^31: the int accumulation would not be exact. */
    private void requireExactSums(Node node) {
        Shape w = graph.parameters().get(node.param("weight")).shape();
        long terms = w.size() / w.get(0);
        if (terms * 128 * 128 >= 1L << 31) {
            throw new InvalidInputException(node.name(), "sums " + terms + " products per output, which can pass 2^31; the DPU's kernel "
                    + "limits (kh*kw*ceil(ic/16) <= 2048) keep it below");
        }
        if (model.quantizedSource(node.inputs().get(0)) == null) {
            throw new InvalidInputException(node.name(), "reads " + node.inputs().get(0) + ", which is not quantized; the DPU multiplies integers only");
        }
    }

    private int fix(String tensor) {
        return model.quantParams().get(tensor).fixPosition(0).orElseThrow();
    }

    private float[][] images(NDArray input) {
        Shape s = input.getShape();
        long[] expected = shapes.get(graph.inputs().get(0).name()).getShape();
        for (int d = 1; d < expected.length; d++) {
            if (s.get(d) != expected[d]) {
                throw new InvalidInputException("input", "has shape " + s + "; the model takes (N, " + new Shape(expected).slice(1) + ")");
            }
        }
        float[] all = input.toType(DataType.FLOAT32, false).toFloatArray();
        int per = (int) (all.length / s.get(0));
        float[][] images = new float[(int) s.get(0)][];
        for (int i = 0; i < images.length; i++) {
            images[i] = Arrays.copyOfRange(all, i * per, (i + 1) * per);
        }
        return images;
    }

    private static NDArray stack(List<float[]> perImage, long[] shape, NDManager manager) {
        int per = perImage.get(0).length;
        float[] all = new float[per * perImage.size()];
        for (int i = 0; i < perImage.size(); i++) {
            System.arraycopy(perImage.get(i), 0, all, i * per, per);
        }
        long[] full = new long[shape.length + 1];
        full[0] = perImage.size();
        System.arraycopy(shape, 0, full, 1, shape.length);
        return manager.create(all, new Shape(full));
    }
}
