package io.qforge.plugin.calibrator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.qforge.api.InvalidInputException;
import io.qforge.api.RoundMode;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.quant.Range;

/** Tensor helpers shared by the calibrators: ranges, finiteness, fake quantization error. */
final class Tensors {

    private Tensors() {}

    /** The values of {@code x} as floats, after checking that every one is finite. */
    static float[] finiteValues(NDArray x, String tensor) {
        float[] v = x.toType(DataType.FLOAT32, false).toFloatArray();
        for (float f : v) {
            if (!Float.isFinite(f)) {
                throw new InvalidInputException(tensor, "holds " + f + ", which cannot be quantized. Check the weights, or the inputs that produce this activation");
            }
        }
        return v;
    }

    static Range range(float[] v) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float f : v) {
            min = Math.min(min, f);
            max = Math.max(max, f);
        }
        return v.length == 0 ? new Range(0f, 0f) : new Range(min, max);
    }

    /** Slice {@code c} of {@code channels} equal slices along the first axis. */
    static float[] channel(float[] v, int c, int channels) {
        int size = v.length / channels;
        float[] out = new float[size];
        System.arraycopy(v, c * size, out, 0, size);
        return out;
    }

    /**
     * The sum of squared errors of fake-quantizing {@code v} with {@code p} (one channel),
     * rounding with {@code round}: sum (dequant(clamp(round(x / s) + z)) - x)^2, in double.
     */
    static double squaredError(float[] v, QuantParams p, RoundMode round) {
        float scale = p.scale(0);
        long zero = p.zeroPoint(0);
        double sse = 0;
        for (float x : v) {
            // x / scale in float32, as the quantizer computes it; exact for power-of-two scales.
            double q = Math.max(p.qmin(), Math.min(p.qmax(), round.round(x / scale) + (double) zero));
            double d = (q - zero) * scale - x;
            sse += d * d;
        }
        return sse;
    }
}
