package io.qforge.plugin.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The shapes ONNX's Reshape, Squeeze and Unsqueeze give. */
final class Shapes {

    private Shapes() {}

    /** Without the dimensions at {@code axes} (negative from the end), or without every 1 when there are no axes. */
    static long[] squeezed(long[] dims, long[] axes) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < dims.length; i++) {
            boolean listed = axes.length == 0 && dims[i] == 1;
            for (long axis : axes) {
                listed |= (axis < 0 ? axis + dims.length : axis) == i;
            }
            if (!listed) {
                out.add(dims[i]);
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** With a dimension of 1 inserted at each of {@code axes}, which count in the result (negative from its end). */
    static long[] unsqueezed(long[] dims, long[] axes) {
        List<Long> out = new ArrayList<>();
        for (long d : dims) {
            out.add(d);
        }
        int rank = dims.length + axes.length;
        long[] sorted = axes.clone();
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = sorted[i] < 0 ? sorted[i] + rank : sorted[i];
        }
        Arrays.sort(sorted);
        for (long axis : sorted) {
            out.add(Math.toIntExact(axis), 1L);
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** ONNX's Reshape rule: a 0 copies the input's dimension there, one -1 takes what is left. */
    static long[] reshaped(long[] input, long[] target) {
        long total = 1;
        for (long d : input) {
            total *= d;
        }
        long[] out = target.clone();
        long known = 1;
        int free = -1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 0) {
                out[i] = input[i];
            }
            if (out[i] == -1) {
                if (free >= 0) {
                    throw new IllegalArgumentException("reshapes with two -1 dimensions");
                }
                free = i;
            } else {
                known *= out[i];
            }
        }
        if (free >= 0) {
            out[free] = known == 0 ? 0 : total / known;
            known *= out[free];
        }
        if (known != total) {
            throw new IllegalArgumentException("reshapes " + total + " values to " + Arrays.toString(out));
        }
        return out;
    }
}
