package io.qforge.api.graph;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/**
 * The IR's average pooling on DJL's PyTorch engine, for the executor and for targets' integer
 * models alike: {@code kernel}, {@code stride}, {@code pad}, {@code ceil_mode} and {@code
 * count_include_pad} as {@link Ops} defines them.
 */
public final class Pooling {

    private Pooling() {}

    /**
     * {@code node}'s average pool of {@code x} (N, C, H, W). DJL's PyTorch pooling ignores its
     * {@code countIncludePad} flag and always counts padded zeros (DJL 0.36), so an average over
     * the valid values alone divides by the average of a map of ones: each window's share of valid
     * values.
     */
    public static NDArray average(NDArray x, Node node) {
        List<Integer> k = node.intsAttr("kernel", null);
        List<Integer> s = node.intsAttr("stride", k);
        List<Integer> pad = node.intsAttr("pad", List.of(0, 0, 0, 0));
        boolean ceil = node.boolAttr("ceil_mode", false);
        Shape kernel = new Shape(k.get(1), k.get(0));
        Shape stride = new Shape(s.get(1), s.get(0));
        Shape padding = new Shape(pad.get(2), pad.get(0));
        NDArray withPad = Pool.avgPool2d(x, kernel, stride, padding, ceil, true);
        boolean padded = pad.stream().anyMatch(v -> v > 0);
        if (node.boolAttr("count_include_pad", true) || !padded && !ceil) {
            return withPad;
        }
        Shape in = x.getShape();
        try (NDArray ones = x.getManager().ones(new Shape(1, 1, in.get(2), in.get(3)), x.getDataType());
                NDArray valid = Pool.avgPool2d(ones, kernel, stride, padding, ceil, true)) {
            return withPad.div(valid);
        }
    }

    /** {@code node}'s {@code output_scale}: 1 unless a target's hardware averages inexactly. */
    public static float outputScale(Node node) {
        return node.floatAttr("output_scale", 1f);
    }
}
