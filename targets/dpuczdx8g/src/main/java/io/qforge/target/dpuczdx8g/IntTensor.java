package io.qforge.target.dpuczdx8g;

import io.qforge.api.InvalidInputException;
import io.qforge.api.graph.Node;

/**
 * One image's tensor in the integer model: integers {@code values} on the grid 2^-e (the real
 * value is v * 2^-e), or, after an op the CPU runs, {@code reals} in float64. Shape without the
 * batch.
 */
record IntTensor(long[] values, double[] reals, int e, long[] shape) {

    static IntTensor integers(long[] values, int e, long[] shape) {
        return new IntTensor(values, null, e, shape);
    }

    static IntTensor reals(double[] reals, long[] shape) {
        return new IntTensor(null, reals, 0, shape);
    }

    boolean isInteger() {
        return values != null;
    }

    int size() {
        return isInteger() ? values.length : reals.length;
    }

    IntTensor reshaped(long[] newShape) {
        return new IntTensor(values, reals, e, newShape);
    }

    /** The values as int8-range ints, for a multiply; {@code node} names the reader in the error when they are not. */
    int[] asInts(Node node) {
        if (!isInteger()) {
            throw new InvalidInputException(node.name(), "reads a tensor the CPU computed in float; the DPU multiplies integers only");
        }
        int[] out = new int[values.length];
        for (int i = 0; i < out.length; i++) {
            if (values[i] < -128 || values[i] > 255) {
                throw new InvalidInputException(node.name(), "reads " + values[i] + ", which is not an 8-bit integer");
            }
            out[i] = (int) values[i];
        }
        return out;
    }

    /** The real values. */
    double[] toReals() {
        if (!isInteger()) {
            return reals;
        }
        double[] out = new double[values.length];
        double unit = Math.pow(2, -e);
        for (int i = 0; i < out.length; i++) {
            out[i] = values[i] * unit;
        }
        return out;
    }

    /** The real values in float32 (exact for a quantized tensor). */
    float[] toFloats() {
        double[] r = toReals();
        float[] out = new float[r.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) r[i];
        }
        return out;
    }
}
