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
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            boolean finite = true;
            for (int i = c * CHUNK, end = end(c, v.length); i < end; i++) {
                float f = v[i];
                finite &= Float.isFinite(f);
                min = Math.min(min, f);
                max = Math.max(max, f);
            }
            return finite ? new float[] {min, max} : null;
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
            // Exact zeros (half of a ReLU's output) add exactly 0 under every candidate: skip them.
            float[] nonZero = new float[CHUNK];
            int n = 0;
            for (int i = c * CHUNK, end = end(c, v.length); i < end; i++) {
                nonZero[n] = v[i];
                n += v[i] != 0 ? 1 : 0;
            }
            double[] sse = new double[k];
            for (int j = 0; j < k; j += Grid.GROUP) {
                Grid.squaredErrors(nonZero, n, grids, j, round, sse);
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
