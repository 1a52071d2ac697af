package io.qforge.target.dpuczdx8g;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import io.qforge.api.InvalidInputException;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Ops;
import io.qforge.api.graph.Pooling;
import io.qforge.api.target.QuantizedModel;
import java.util.List;

/**
 * The ops the inspector leaves to the CPU, as the CPU subgraph runs them: in float64 on the
 * dequantized values (an unfolded batch norm, a leaky relu of another slope than 26/256, an
 * average over the valid values only). Not the DPU's datapath, so floating point is right here.
 */
final class CpuOps {

    private CpuOps() {}

    static IntTensor compute(Node node, List<IntTensor> inputs, long[] outShape, QuantizedModel model) {
        try (NDManager manager = NDManager.newBaseManager()) {
            List<NDArray> in = inputs.stream().map(t -> manager.create(t.toReals(), new Shape(batched(t.shape())))).toList();
            NDArray x = in.get(0);
            NDArray y = switch (node.op()) {
                case Ops.BATCH_NORM -> batchNorm(node, x, model);
                case Ops.RELU -> x.maximum(0);
                case Ops.RELU6 -> x.maximum(0).minimum(6);
                case Ops.LEAKY_RELU -> x.maximum(0).add(x.minimum(0).mul(node.floatAttr("alpha", 0.01f)));
                case Ops.MAX_POOL2D -> {
                    List<Integer> k = node.intsAttr("kernel", null);
                    List<Integer> s = node.intsAttr("stride", k);
                    List<Integer> pad = node.intsAttr("pad", List.of(0, 0, 0, 0));
                    yield Pool.maxPool2d(x, new Shape(k.get(1), k.get(0)), new Shape(s.get(1), s.get(0)), new Shape(pad.get(2), pad.get(0)),
                            node.boolAttr("ceil_mode", false));
                }
                case Ops.AVG_POOL2D -> Pooling.average(x, node);
                case Ops.GLOBAL_AVG_POOL -> x.mean(new int[] {2, 3}, true);
                case Ops.ADD -> x.add(in.get(1));
                case Ops.CONCAT -> NDArrays.concat(new NDList(in), 1);
                default -> throw new InvalidInputException(node.name(), "is a " + node.op() + " node on the CPU, which the integer model does not compute");
            };
            return IntTensor.reals(y.toType(DataType.FLOAT64, false).toDoubleArray(), outShape);
        }
    }

    /** (x - mean) / sqrt(var + eps) * gamma + beta. */
    private static NDArray batchNorm(Node node, NDArray x, QuantizedModel model) {
        Shape perChannel = new Shape(1, x.getShape().get(1), 1, 1);
        NDArray mean = param(node, "running_mean", model, x.getManager()).reshape(perChannel);
        NDArray scale = param(node, "weight", model, x.getManager())
                .div(param(node, "running_var", model, x.getManager()).add(node.floatAttr("epsilon", 1e-5f)).sqrt()).reshape(perChannel);
        return x.sub(mean).mul(scale).add(param(node, "bias", model, x.getManager()).reshape(perChannel));
    }

    private static NDArray param(Node node, String role, QuantizedModel model, NDManager manager) {
        return manager.create(model.parameters().get(node.param(role)).toType(DataType.FLOAT64, false).toDoubleArray());
    }

    private static long[] batched(long[] shape) {
        long[] out = new long[shape.length + 1];
        out[0] = 1;
        System.arraycopy(shape, 0, out, 1, shape.length);
        return out;
    }
}
