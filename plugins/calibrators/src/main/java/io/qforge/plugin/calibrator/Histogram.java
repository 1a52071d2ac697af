package io.qforge.plugin.calibrator;

import io.qforge.api.quant.Range;

/**
 * A histogram of |x| with {@link #BINS} bins on [0, amax] (REFERENCE.md §3, "Histogram base"),
 * and the candidate bins that the mse and entropy searches try: from bin 1536 in steps of 16.
 */
final class Histogram {

    static final int BINS = 2048;
    static final int FIRST_CANDIDATE = 1536;
    static final int STRIDE = 16;

    /** How close to a bin edge a quotient by multiplication must be to be checked by division. */
    private static final double EDGE = 1e-9;

    final long[] counts = new long[BINS];
    final double amax;
    final double width;

    /** A histogram of the given counts over [0, amax]. */
    Histogram(long[] counts, double amax) {
        System.arraycopy(counts, 0, this.counts, 0, BINS);
        this.amax = amax;
        this.width = amax / BINS;
    }

    /** The histogram of {@code values}, whose range is {@code range}. */
    Histogram(float[] values, Range range) {
        this.amax = Math.max(Math.abs((double) range.min()), Math.abs((double) range.max()));
        this.width = amax / BINS;
        if (amax > 0) {
            for (long[] part : Tensors.inChunks(values.length, c -> count(values, c))) {
                for (int bin = 0; bin < BINS; bin++) {
                    counts[bin] += part[bin];
                }
            }
        }
    }

    private long[] count(float[] values, int chunk) {
        long[] part = new long[BINS];
        int start = chunk * Tensors.CHUNK;
        int end = (int) Math.min(values.length, (long) start + Tensors.CHUNK);
        // Zeros (half of a ReLU's output) all land in bin 0; counted apart, they do not make every
        // other increment wait on the one before it in the same bin.
        Tensors.NonZero nonZero = Tensors.nonZero(values, start, end);
        float[] kept = nonZero.values();
        int n = nonZero.count();
        part[0] = end - start - n;
        double inverse = 1 / width;
        for (int i = 0; i < n; i++) {
            double a = Math.abs(kept[i]);
            // a * inverse is within 1e-12 of a / width (both a few ulps from the true quotient);
            // only a value that close to a bin edge needs the division to land where it always did.
            double t = a * inverse;
            int bin = (int) t;
            if (t - bin < EDGE || bin + 1 - t < EDGE) {
                bin = (int) (a / width);
            }
            part[Math.min(bin, BINS - 1)]++;
        }
        return part;
    }

    long total() {
        long t = 0;
        for (long c : counts) {
            t += c;
        }
        return t;
    }

    double centre(int bin) {
        return (bin + 0.5) * width;
    }
}
