package io.qforge.plugin.onnx;

import io.qforge.onnx.OnnxModel.TensorProto;
import io.qforge.onnx.TensorValues;
import java.util.Arrays;

/**
 * A tensor whose value the file fixes: an initializer, a Constant node, or shape arithmetic folded
 * from them. Weights are floats; shapes and indices are whole numbers.
 *
 * @param dims its shape
 * @param floats its values when it is a float tensor, else null
 * @param longs its values when it holds whole numbers, else null
 */
record Constant(long[] dims, float[] floats, long[] longs) {

    static Constant of(TensorProto t) {
        return TensorValues.isFloat(t) ? new Constant(TensorValues.shape(t), TensorValues.floats(t), null)
                : new Constant(TensorValues.shape(t), null, TensorValues.longs(t));
    }

    static Constant ofLongs(long[] dims, long[] values) {
        return new Constant(dims, null, values);
    }

    /** A 1-D vector of whole numbers. */
    static Constant vector(long... values) {
        return ofLongs(new long[] {values.length}, values);
    }

    boolean isFloat() {
        return floats != null;
    }

    int size() {
        return isFloat() ? floats.length : longs.length;
    }

    /** The values as whole numbers (floats truncated, as a cast would). */
    long[] asLongs() {
        return isFloat() ? toLongs(floats) : longs;
    }

    /** The values as floats. */
    float[] asFloats() {
        if (isFloat()) {
            return floats;
        }
        float[] out = new float[longs.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = longs[i];
        }
        return out;
    }

    /** The single value of a scalar or one-element tensor. */
    double scalar() {
        return isFloat() ? floats[0] : longs[0];
    }

    private static long[] toLongs(float[] values) {
        long[] out = new long[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (long) values[i];
        }
        return out;
    }

    @Override
    public String toString() {
        return "constant " + Arrays.toString(dims);
    }
}
