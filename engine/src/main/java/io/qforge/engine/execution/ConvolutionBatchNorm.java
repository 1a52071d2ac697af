package io.qforge.engine.execution;

import ai.djl.ndarray.NDArray;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Ops;
import java.util.function.Function;

/**
 * A batch norm in inference mode folded into the convolution (plain or depthwise) before it: with
 * s = gamma / sqrt(var + eps) per output channel, W' = W s and b' = (b - mean) s + beta. Both the
 * executor's inference weights and the quantization pass fold with this one piece of arithmetic.
 */
public final class ConvolutionBatchNorm {

    private ConvolutionBatchNorm() {}

    /** The convolution {@code batchNorm} can fold into: its input, when that is a convolution read by it alone; else null. */
    public static Node foldableConvolution(Graph graph, Node batchNorm) {
        if (!batchNorm.op().equals(Ops.BATCH_NORM)) {
            return null;
        }
        Node conv = graph.node(batchNorm.inputs().get(0));
        if (conv == null || !(conv.op().equals(Ops.CONV2D) || conv.op().equals(Ops.DEPTHWISE_CONV2D))
                || graph.consumers(conv.name()).size() != 1) {
            return null;
        }
        return conv;
    }

    /** The folded weight of {@code conv}; {@code value} gives each parameter's array by its name. */
    public static NDArray weight(Node conv, Node batchNorm, Function<String, NDArray> value) {
        NDArray weight = value.apply(conv.param("weight"));
        return weight.mul(scale(batchNorm, value).reshape(weight.getShape().get(0), 1, 1, 1));
    }

    /** The folded bias of {@code conv} (which may have had none). */
    public static NDArray bias(Node conv, Node batchNorm, Function<String, NDArray> value) {
        NDArray scale = scale(batchNorm, value);
        NDArray oldBias = conv.param("bias") == null ? scale.zerosLike() : value.apply(conv.param("bias"));
        return oldBias.sub(value.apply(batchNorm.param("running_mean"))).mul(scale).add(value.apply(batchNorm.param("bias")));
    }

    private static NDArray scale(Node bn, Function<String, NDArray> value) {
        return value.apply(bn.param("weight")).div(value.apply(bn.param("running_var")).add(bn.floatAttr("epsilon", 1e-5f)).sqrt());
    }
}
