package io.qforge.target.dpuczdx8g;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import io.qforge.api.InvalidInputException;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Ops;
import io.qforge.api.graph.Pooling;
import io.qforge.api.graph.ShapeInference;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.target.IntegerModel;
import io.qforge.api.target.QuantizedModel;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the DPUCZDX8G computes, on the host. Inputs, weights and biases become integers on their
 * fix positions; a conv multiplies int8 by int8 and accumulates exactly (in float64, exact for
 * every sum below 2^53), adds the bias aligned by shift_bias, and the result, after a fused ReLU,
 * is shifted down by shift_cut, rounded with the tensor's round mode (DPU_ROUND for activations)
 * and saturated. An eltwise add aligns
 * both inputs to the finer fix position, adds, and shifts likewise; a concat aligns its inputs the
 * same way; pooling and leaky relu work on the integers. A batch norm that no conv absorbed runs
 * on the CPU, in float on the dequantized values, as the CPU subgraph would.
 *
 * <p>A value is kept as (v, e): the real number v * 2^-e, with v an integer wherever the
 * hardware holds an integer.
 */
final class DpuIntegerModel implements IntegerModel {

    private final QuantizedModel model;
    private final Graph graph;
    private final Map<String, NDArray> integers = new HashMap<>();

    private record Value(NDArray v, int e) {}

    DpuIntegerModel(QuantizedModel model) {
        this.model = model;
        this.graph = model.graph();
        for (Node node : graph.nodes()) {
            if (node.op().equals(Ops.BATCH_NORM)) {
                continue;
            }
            for (String param : node.params().values()) {
                integers.put(param, quantize(model.parameters().get(param), param));
            }
        }
    }

    @Override
    public NDArray logits(NDArray input) {
        return run(input, null);
    }

    @Override
    public Map<String, NDArray> quantizedTensors(NDArray input) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        run(input, out).close();
        return out;
    }

    /** Runs a batch; {@code collect}, when not null, gets every quantized tensor (dequantized, float32). */
    private NDArray run(NDArray input, Map<String, NDArray> collect) {
        NDManager caller = input.getManager();
        try (NDManager scope = caller.newSubManager()) {
            Map<String, Value> values = new HashMap<>();
            String in = graph.inputs().get(0).name();
            NDArray x = input.toType(DataType.FLOAT32, true);
            x.attach(scope);
            values.put(in, requantize(in, new Value(x.toType(DataType.FLOAT64, false), 0), collect, caller));
            for (Node node : graph.nodes()) {
                Value v = compute(node, values);
                values.put(node.name(), requantize(node.name(), v, collect, caller));
            }
            Value out = values.get(graph.outputs().get(0));
            NDArray logits = out.v().mul(Math.pow(2, -out.e())).toType(DataType.FLOAT32, false);
            logits.attach(caller);
            return logits;
        }
    }

    private Value compute(Node node, Map<String, Value> values) {
        Value x = values.get(node.inputs().get(0));
        return switch (node.op()) {
            case Ops.CONV2D, Ops.DEPTHWISE_CONV2D -> {
                requireInteger(node);
                List<Integer> s = node.intsAttr("stride", List.of(1, 1));
                List<Integer> pad = node.intsAttr("pad", List.of(0, 0, 0, 0));
                List<Integer> d = node.intsAttr("dilation", List.of(1, 1));
                int group = node.op().equals(Ops.DEPTHWISE_CONV2D) ? (int) x.v().getShape().get(1) : node.intAttr("group", 1);
                NDArray acc = Conv2d.conv2d(x.v(), integers.get(node.param("weight")), null, new Shape(s.get(1), s.get(0)),
                        new Shape(pad.get(2), pad.get(0)), new Shape(d.get(1), d.get(0)), group).singletonOrThrow();
                yield withBias(node, acc, x.e() + fix(node.param("weight")), new Shape(1, -1, 1, 1));
            }
            case Ops.LINEAR -> {
                requireInteger(node);
                NDArray acc = x.v().matMul(integers.get(node.param("weight")).transpose());
                yield withBias(node, acc, x.e() + fix(node.param("weight")), new Shape(1, -1));
            }
            case Ops.RELU -> new Value(x.v().maximum(0), x.e());
            case Ops.RELU6 -> new Value(x.v().maximum(0).minimum(6 * Math.pow(2, x.e())), x.e());
            case Ops.LEAKY_RELU -> {
                // Exact in float64: alpha is 26/256 on the DPU, and any float32 slope on the CPU.
                NDArray negative = x.v().minimum(0).mul(node.floatAttr("alpha", 0.01f));
                yield new Value(x.v().maximum(0).add(negative), x.e());
            }
            case Ops.MAX_POOL2D -> new Value(Pool.maxPool2d(x.v(), kernel(node), stride(node), pad(node), node.boolAttr("ceil_mode", false)), x.e());
            case Ops.AVG_POOL2D -> new Value(Pooling.average(x.v(), node), x.e());
            case Ops.GLOBAL_AVG_POOL -> {
                Shape s = x.v().getShape();
                yield new Value(x.v().sum(new int[] {2, 3}, true).div(s.get(2) * s.get(3)), x.e());
            }
            case Ops.ADD -> {
                Value y = values.get(node.inputs().get(1));
                int e = Math.max(x.e(), y.e());
                yield new Value(x.v().mul(Math.pow(2, e - x.e())).add(y.v().mul(Math.pow(2, e - y.e()))), e);
            }
            case Ops.CONCAT -> {
                List<Value> parts = node.inputs().stream().map(values::get).toList();
                int e = parts.stream().mapToInt(Value::e).max().orElseThrow();
                NDList aligned = new NDList();
                parts.forEach(p -> aligned.add(p.v().mul(Math.pow(2, e - p.e()))));
                yield new Value(NDArrays.concat(aligned, 1), e);
            }
            case Ops.BATCH_NORM -> batchNorm(node, x);
            case Ops.FLATTEN -> new Value(x.v().reshape(ShapeInference.flatten(x.v().getShape(), node)), x.e());
            case Ops.IDENTITY -> x;
            default -> throw new InvalidInputException(node.name(), "is a " + node.op() + " node, which the DPU integer model does not compute");
        };
    }

    /** (x - mean) / sqrt(var + eps) * gamma + beta on the real values, in float64; e 0 marks them as not integers. */
    private Value batchNorm(Node node, Value x) {
        long channels = x.v().getShape().get(1);
        Shape perChannel = new Shape(1, channels, 1, 1);
        NDArray real = x.v().mul(Math.pow(2, -x.e()));
        NDArray mean = param(node, "running_mean").reshape(perChannel);
        NDArray scale = param(node, "weight").div(param(node, "running_var").add(node.floatAttr("epsilon", 1e-5f)).sqrt()).reshape(perChannel);
        return new Value(real.sub(mean).mul(scale).add(param(node, "bias").reshape(perChannel)), 0);
    }

    private NDArray param(Node node, String role) {
        return model.parameters().get(node.param(role)).toType(DataType.FLOAT64, true);
    }

    /** acc (on 2^-e) plus the integer bias aligned by shift_bias = e - fp_bias. */
    private Value withBias(Node node, NDArray acc, int e, Shape broadcast) {
        String bias = node.param("bias");
        if (bias == null) {
            return new Value(acc, e);
        }
        NDArray aligned = integers.get(bias).mul(Math.pow(2, e - fix(bias))).reshape(broadcast);
        return new Value(acc.add(aligned), e);
    }

    /** Onto the tensor's own fix position when it is quantized: shift, round as the DPU does, saturate. */
    private Value requantize(String tensor, Value v, Map<String, NDArray> collect, NDManager caller) {
        QuantParams p = model.quantParams().get(tensor);
        if (p == null) {
            return v;
        }
        int fp = p.fixPosition(0).orElseThrow();
        NDArray scaled = v.v().mul(Math.pow(2, fp - v.e()));
        NDArray q = round(scaled, tensor).clip(p.qmin(), p.qmax());
        if (collect != null) {
            NDArray real = q.mul(Math.pow(2, -fp)).toType(DataType.FLOAT32, false);
            real.attach(caller);
            collect.put(tensor, real);
        }
        return new Value(q, fp);
    }

    /** A parameter as integers on its fix position, float64. */
    private NDArray quantize(NDArray value, String name) {
        QuantParams p = model.quantParams().get(name);
        if (p == null || !p.isPowerOfTwo() || !p.isPerTensor()) {
            throw new InvalidInputException(name, "is not quantized per tensor with a power-of-two scale, which the DPU needs");
        }
        int fp = p.fixPosition(0).orElseThrow();
        // x * 2^fp in float32 is exact and equals x / scale, as the simulation computes it.
        NDArray scaled = value.toType(DataType.FLOAT32, true).mul((float) Math.pow(2, fp)).toType(DataType.FLOAT64, false);
        return round(scaled, name).clip(p.qmin(), p.qmax());
    }

    /**
     * Rounds with the tensor's own round mode plugin, the one the simulation used, on float32 as
     * the API defines it. That is exact wherever it matters: a value that survives saturation has
     * at most 8 integer bits and 16 fractional bits (shift_cut is at most 16), 24 in all, which
     * float32 holds; a larger one saturates whichever way it rounds.
     */
    private NDArray round(NDArray y, String tensor) {
        try (NDArray single = y.toType(DataType.FLOAT32, false)) {
            return model.roundMode(tensor).round(single).toType(DataType.FLOAT64, false);
        }
    }

    private int fix(String tensor) {
        return model.quantParams().get(tensor).fixPosition(0).orElseThrow();
    }

    private void requireInteger(Node node) {
        if (model.quantizedSource(node.inputs().get(0)) == null) {
            throw new InvalidInputException(node.name(), "reads " + node.inputs().get(0) + ", which is not quantized; the DPU multiplies integers only");
        }
    }

    private static Shape kernel(Node n) {
        List<Integer> k = n.intsAttr("kernel", null);
        return new Shape(k.get(1), k.get(0));
    }

    private static Shape stride(Node n) {
        List<Integer> s = n.intsAttr("stride", n.intsAttr("kernel", null));
        return new Shape(s.get(1), s.get(0));
    }

    private static Shape pad(Node n) {
        List<Integer> pad = n.intsAttr("pad", List.of(0, 0, 0, 0));
        return new Shape(pad.get(2), pad.get(0));
    }
}
