package io.qforge.plugin.calibrator;

/**
 * REFERENCE.md §3's histogram written a second time, for the reference tests: 2048 bins of |x|
 * on [0, amax], bin k holding k * amax / 2048 <= |x| < (k + 1) * amax / 2048 and the last bin
 * closed. Bins are found by exact comparisons (|x| * 2048 against k * amax, both exact in
 * double), never by a division that could round across an edge.
 */
final class ReferenceHistogram {

    static final int BINS = 2048;

    final long[] counts = new long[BINS];
    /** max |x|, exactly (a float widened to double). */
    final double amax;

    ReferenceHistogram(float[] values) {
        double m = 0;
        for (float x : values) {
            m = Math.max(m, Math.abs((double) x));
        }
        amax = m;
        if (amax == 0) {
            return;
        }
        for (float x : values) {
            double scaled = Math.abs((double) x) * BINS; // exact: a float times 2^11
            int k = (int) Math.min(BINS - 1, Math.floor(scaled / amax));
            while (k > 0 && k * amax > scaled) {
                k--;
            }
            while (k < BINS - 1 && (k + 1) * amax <= scaled) {
                k++;
            }
            counts[k]++;
        }
    }

    long total() {
        long t = 0;
        for (long c : counts) {
            t += c;
        }
        return t;
    }

    /** Edge k of 0..2048: k * amax / 2048, exact in double. */
    double edge(int k) {
        return k * amax / BINS;
    }

    /** The centre of bin k: (k + 0.5) * amax / 2048, exact in double. */
    double centre(int k) {
        return (2 * k + 1) * amax / (2 * BINS);
    }
}
