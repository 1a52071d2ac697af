package io.qforge.engine.execution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Ops;
import io.qforge.api.graph.Pooling;
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
            Map.entry(Ops.AVG_POOL2D, (n, in, p, m) -> scaled(n, Pooling.average(in.get(0), n))),
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

    /**
     * The kernel of {@code node} for arrays in channels-last layout. oneDNN's channels-last 1x1
     * convolution gives wrong sums for some output channel counts (libtorch 2.7.1 on AVX-512: 320,
     * 496, 512, 1024 and more, off by about 50 %; a probe of 256 -> 1024 channels crashed the JVM
     * in brg_blocking_t::est_eff_1x1), so a 1x1 convolution reads
     * its input in NCHW, the layout it has always run in; the ops after it take either layout.
     */
    static OpKernel channelsLastOf(Node node) {
        if (!pointwiseConvolution(node)) {
            return of(node);
        }
        return (n, in, p, m) -> {
            try (NDArray nchw = ChannelsLast.toNchw(in.get(0))) {
                return conv2d(n, List.of(nchw), p, m);
            }
        };
    }

    /** Whether {@code node} is a 1x1 convolution, which runs NCHW in a channels-last pass. */
    static boolean pointwiseConvolution(Node node) {
        boolean convolution = node.op().equals(Ops.CONV2D) || node.op().equals(Ops.DEPTHWISE_CONV2D);
        return convolution && node.intsAttr("kernel", null).equals(List.of(1, 1));
    }

    private static NDArray conv2d(Node n, List<NDArray> in, Function<String, NDArray> p, ForwardMode m) {
        NDArray bias = p.apply("bias"); // null without one; inference weights may give a folded batch norm's
        List<Integer> d = n.intsAttr("dilation", List.of(1, 1));
        NDArray x = in.get(0);
        Shape stride = stride(n);
        if (m == ForwardMode.TRAINING && stridedPointwise(n)) {
            // oneDNN's backward pass of a strided 1x1 conv crashes the JVM on some shapes (SIGFPE in
            // brgemm_convolution_bwd_utils, libtorch 2.7.1; ResNet50's 512 -> 1024 downsample on a 4x4
            // map). The same sums: keep every stride-th pixel, then a 1x1 conv of stride 1.
            x = x.get(new NDIndex(":, :, ::" + stride.get(0) + ", ::" + stride.get(1)));
            stride = new Shape(1, 1);
        }
        return Conv2d.conv2d(x, p.apply("weight"), bias, stride, symmetricPad(n), new Shape(d.get(1), d.get(0)),
                n.intAttr("group", 1)).singletonOrThrow();
    }

    private static boolean stridedPointwise(Node n) {
        return n.intsAttr("kernel", null).equals(List.of(1, 1)) && n.intsAttr("pad", List.of(0, 0, 0, 0)).equals(List.of(0, 0, 0, 0))
                && n.intsAttr("dilation", List.of(1, 1)).equals(List.of(1, 1)) && !n.intsAttr("stride", List.of(1, 1)).equals(List.of(1, 1));
    }

    private static NDArray batchNorm(Node n, List<NDArray> in, Function<String, NDArray> p, ForwardMode m) {
        // DJL passes (1 - momentum) to PyTorch, so PyTorch's momentum 0.1 is DJL's 0.9; axis -1
        // calls PyTorch's batch_norm as is, which takes channels at dimension 1 (NCHW).
        float torchMomentum = n.floatAttr("momentum", 0.1f);
        return BatchNorm.batchNorm(in.get(0), p.apply("running_mean"), p.apply("running_var"), p.apply("weight"), p.apply("bias"),
                -1, 1f - torchMomentum, n.floatAttr("epsilon", 1e-5f), m == ForwardMode.TRAINING).singletonOrThrow();
    }

    private static NDArray globalAvgPool(Node n, List<NDArray> in, Function<String, NDArray> p, ForwardMode m) {
        Shape s = in.get(0).getShape();
        // DJL's global pool drops the 1x1 spatial axes that PyTorch's AdaptiveAvgPool2d keeps.
        return scaled(n, Pool.globalAvgPool2d(in.get(0)).reshape(s.get(0), s.get(1), 1, 1));
    }

    /** An average as the target's hardware computes it: times the node's output_scale, when it has one. */
    private static NDArray scaled(Node n, NDArray average) {
        float scale = Pooling.outputScale(n);
        return scale == 1f ? average : average.mul(scale);
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
