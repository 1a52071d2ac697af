package io.qforge.engine.execution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Ops;
import io.qforge.api.graph.ShapeInference;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/** The DJL implementation of each IR op, on NCHW float tensors. */
final class Kernels {

    private static final Map<String, OpKernel> BY_OP = Map.ofEntries(
            Map.entry(Ops.CONV2D, Kernels::conv2d),
            Map.entry(Ops.DEPTHWISE_CONV2D, Kernels::conv2d),
            Map.entry(Ops.BATCH_NORM, Kernels::batchNorm),
            Map.entry(Ops.RELU, (n, in, p, m) -> Activation.relu(in.get(0))),
            Map.entry(Ops.RELU6, (n, in, p, m) -> Activation.relu6(in.get(0))),
            Map.entry(Ops.LEAKY_RELU, (n, in, p, m) -> Activation.leakyRelu(in.get(0), n.floatAttr("alpha", 0.01f))),
            Map.entry(Ops.MAX_POOL2D, (n, in, p, m) -> Pool.maxPool2d(in.get(0), kernel(n), stride(n), symmetricPad(n), n.boolAttr("ceil_mode", false))),
            Map.entry(Ops.AVG_POOL2D, Kernels::avgPool),
            Map.entry(Ops.GLOBAL_AVG_POOL, Kernels::globalAvgPool),
            Map.entry(Ops.ADD, (n, in, p, m) -> in.get(0).add(in.get(1))),
            Map.entry(Ops.CONCAT, (n, in, p, m) -> NDArrays.concat(new NDList(in), n.intAttr("axis", 1))),
            Map.entry(Ops.FLATTEN, Kernels::flatten),
            Map.entry(Ops.LINEAR, (n, in, p, m) -> Linear.linear(in.get(0), p.apply("weight"), p.apply("bias")).singletonOrThrow()),
            Map.entry(Ops.IDENTITY, (n, in, p, m) -> in.get(0)));

    private Kernels() {}

    static OpKernel of(Node node) {
        OpKernel k = BY_OP.get(node.op());
        if (k == null) {
            throw new IllegalArgumentException("node '" + node.name() + "' has op '" + node.op()
                    + "', which the executor cannot run. Supported ops: " + new TreeSet<>(BY_OP.keySet()));
        }
        return k;
    }

    private static NDArray conv2d(Node n, List<NDArray> in, Function<String, NDArray> p, ForwardMode m) {
        NDArray bias = n.param("bias") == null ? null : p.apply("bias");
        List<Integer> d = n.intsAttr("dilation", List.of(1, 1));
        return Conv2d.conv2d(in.get(0), p.apply("weight"), bias, stride(n), symmetricPad(n), new Shape(d.get(1), d.get(0)),
                n.intAttr("group", 1)).singletonOrThrow();
    }

    private static NDArray batchNorm(Node n, List<NDArray> in, Function<String, NDArray> p, ForwardMode m) {
        // DJL passes (1 - momentum) to PyTorch, so PyTorch's momentum 0.1 is DJL's 0.9; axis -1
        // calls PyTorch's batch_norm as is, which takes channels at dimension 1 (NCHW).
        float torchMomentum = n.floatAttr("momentum", 0.1f);
        return BatchNorm.batchNorm(in.get(0), p.apply("running_mean"), p.apply("running_var"), p.apply("weight"), p.apply("bias"),
                -1, 1f - torchMomentum, n.floatAttr("epsilon", 1e-5f), m == ForwardMode.TRAINING).singletonOrThrow();
    }

    /**
     * DJL's PyTorch pooling ignores {@code countIncludePad} (it always counts padded zeros, as in
     * DJL 0.36), so an average over valid values alone divides by the average of a map of ones,
     * which is each window's share of valid values.
     */
    private static NDArray avgPool(Node n, List<NDArray> in, Function<String, NDArray> p, ForwardMode m) {
        boolean ceil = n.boolAttr("ceil_mode", false);
        NDArray x = in.get(0);
        NDArray withPad = Pool.avgPool2d(x, kernel(n), stride(n), symmetricPad(n), ceil, true);
        boolean padded = n.intsAttr("pad", List.of(0, 0, 0, 0)).stream().anyMatch(v -> v > 0);
        if (n.boolAttr("count_include_pad", true) || !padded && !ceil) {
            return withPad;
        }
        Shape s = x.getShape();
        try (NDArray ones = x.getManager().ones(new Shape(1, 1, s.get(2), s.get(3)), x.getDataType());
                NDArray valid = Pool.avgPool2d(ones, kernel(n), stride(n), symmetricPad(n), ceil, true)) {
            return withPad.div(valid);
        }
    }

    private static NDArray globalAvgPool(Node n, List<NDArray> in, Function<String, NDArray> p, ForwardMode m) {
        Shape s = in.get(0).getShape();
        // DJL's global pool drops the 1x1 spatial axes that PyTorch's AdaptiveAvgPool2d keeps.
        return Pool.globalAvgPool2d(in.get(0)).reshape(s.get(0), s.get(1), 1, 1);
    }

    private static NDArray flatten(Node n, List<NDArray> in, Function<String, NDArray> p, ForwardMode m) {
        return in.get(0).reshape(ShapeInference.flatten(in.get(0).getShape(), n));
    }

    /** XIR pairs are (w, h); DJL shapes are (h, w). */
    private static Shape kernel(Node n) {
        List<Integer> k = n.intsAttr("kernel", null);
        return new Shape(k.get(1), k.get(0));
    }

    private static Shape stride(Node n) {
        List<Integer> s = n.intsAttr("stride", List.of(1, 1));
        return new Shape(s.get(1), s.get(0));
    }

    /** (top, left) padding; asymmetric padding is rejected by {@link ShapeInference} first. */
    private static Shape symmetricPad(Node n) {
        List<Integer> pad = n.intsAttr("pad", List.of(0, 0, 0, 0));
        return new Shape(pad.get(2), pad.get(0));
    }
}
