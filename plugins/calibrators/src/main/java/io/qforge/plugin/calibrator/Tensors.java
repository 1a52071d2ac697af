package io.qforge.plugin.calibrator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.qforge.api.InvalidInputException;
import io.qforge.api.RoundMode;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.quant.Range;
import java.util.Collections;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * Tensor helpers shared by the calibrators: ranges, finiteness, fake quantization error. Long
 * tensors are cut into chunks of a fixed size that are worked on in parallel and combined in
 * chunk order, so that results do not depend on the number of threads.
 */
final class Tensors {

    /** Values per chunk: 256 KiB of floats, which stays in a core's cache while a search passes over it once per candidate. */
    static final int CHUNK = 1 << 16;

    private Tensors() {}

    /** The values of {@code x} as floats. */
    static float[] values(NDArray x) {
        return x.toType(DataType.FLOAT32, false).toFloatArray();
    }

    /** The range of {@code v}, after checking that every value is finite. */
    static Range finiteRange(float[] v, String tensor) {
        List<float[]> parts = inChunks(v.length, c -> {
            // Plain comparisons, two of each kind in flight: Math.min and Math.max order -0.0 and
            // NaN, which costs several times the comparison, and a NaN fails the finiteness check anyway.
            float min0 = Float.POSITIVE_INFINITY;
            float max0 = Float.NEGATIVE_INFINITY;
            float min1 = min0;
            float max1 = max0;
            boolean finite = true;
            int i = c * CHUNK;
            int end = end(c, v.length);
            for (; i + 1 < end; i += 2) {
                float f = v[i];
                float g = v[i + 1];
                min0 = f < min0 ? f : min0;
                max0 = f > max0 ? f : max0;
                min1 = g < min1 ? g : min1;
                max1 = g > max1 ? g : max1;
                finite &= (f - f == 0) & (g - g == 0); // false for NaN and both infinities
            }
            if (i < end) {
                float f = v[i];
                min0 = f < min0 ? f : min0;
                max0 = f > max0 ? f : max0;
                finite &= f - f == 0;
            }
            return finite ? new float[] {Math.min(min0, min1), Math.max(max0, max1)} : null;
        });
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float[] p : parts) {
            if (p == null) {
                throw notFinite(v, tensor);
            }
            min = Math.min(min, p[0]);
            max = Math.max(max, p[1]);
        }
        return v.length == 0 ? new Range(0f, 0f) : new Range(min, max);
    }

    /** The range of {@code x} computed by the engine, without copying it out; checks finiteness. */
    static Range finiteRange(NDArray x, String tensor) {
        if (x.size() == 0) {
            return new Range(0f, 0f);
        }
        NDArray f = x.toType(DataType.FLOAT32, false);
        float min;
        float max;
        try (NDArray low = f.min(); NDArray high = f.max()) {
            min = low.getFloat();
            max = high.getFloat();
        }
        if (!Float.isFinite(min) || !Float.isFinite(max)) {
            throw notFinite(values(f), tensor);
        }
        return new Range(min, max);
    }

    private static InvalidInputException notFinite(float[] v, String tensor) {
        for (float f : v) {
            if (!Float.isFinite(f)) {
                return new InvalidInputException(tensor, "holds " + f
                        + ", which cannot be quantized. Check the weights, or the inputs that produce this activation");
            }
        }
        throw new IllegalStateException("no value of " + tensor + " is infinite or NaN");
    }

    /** The non-zero values of a chunk, at the front of a per-thread buffer that is reused. */
    record NonZero(float[] values, int count) {}

    private static final ThreadLocal<float[]> NON_ZERO_BUFFER = ThreadLocal.withInitial(() -> new float[0]);

    /**
     * The values of {@code v[start, end)} that are not zero (an exact zero, half of a ReLU's
     * output, quantizes to zero under every grid), copied without a branch. The buffer is the
     * calling thread's and is overwritten by its next call: a fresh array per chunk cost more
     * than the pass itself.
     */
    static NonZero nonZero(float[] v, int start, int end) {
        float[] buffer = NON_ZERO_BUFFER.get();
        if (buffer.length < end - start) {
            buffer = new float[end - start];
            NON_ZERO_BUFFER.set(buffer);
        }
        int n = 0;
        for (int i = start; i < end; i++) {
            buffer[n] = v[i];
            n += v[i] != 0 ? 1 : 0;
        }
        return new NonZero(buffer, n);
    }

    /** Slice {@code c} of {@code channels} equal slices along the first axis. */
    static float[] channel(float[] v, int c, int channels) {
        int size = v.length / channels;
        float[] out = new float[size];
        System.arraycopy(v, c * size, out, 0, size);
        return out;
    }

    /**
     * The sum of squared errors of fake-quantizing {@code v} with each of {@code candidates}
     * (per-tensor params), rounding with {@code round}: sum (dequant(clamp(round(x / s) + z)) -
     * x)^2, in double, one entry per candidate.
     */
    static double[] squaredErrors(float[] v, List<QuantParams> candidates, RoundMode round) {
        int k = candidates.size();
        Grid[] grids = candidates.stream().map(Grid::of).toArray(Grid[]::new);
        List<double[]> parts = inChunks(v.length, c -> {
            NonZero nonZero = nonZero(v, c * CHUNK, end(c, v.length)); // zeros add exactly 0 under every candidate
            double[] sse = new double[k];
            for (int j = 0; j < k; j += Grid.GROUP) {
                Grid.squaredErrors(nonZero.values(), nonZero.count(), grids, j, round, sse);
            }
            return sse;
        });
        double[] total = new double[k];
        for (double[] p : parts) {
            for (int j = 0; j < k; j++) {
                total[j] += p[j];
            }
        }
        return total;
    }

    /** Maps chunk indices 0, 1, ... of a {@code length}-value tensor in parallel; results in chunk order. */
    static <T> List<T> inChunks(int length, IntFunction<T> chunk) {
        return inChunks(length, CHUNK, chunk);
    }

    /** As {@link #inChunks(int, IntFunction)}, with chunks of {@code size} values. */
    static <T> List<T> inChunks(int length, int size, IntFunction<T> chunk) {
        int chunks = Math.max(1, (int) ((length + (long) size - 1) / size));
        if (chunks == 1) {
            return Collections.singletonList(chunk.apply(0));
        }
        return IntStream.range(0, chunks).parallel().mapToObj(chunk).toList();
    }

    private static int end(int chunk, int length) {
        return (int) Math.min(length, (long) (chunk + 1) * CHUNK);
    }
}
