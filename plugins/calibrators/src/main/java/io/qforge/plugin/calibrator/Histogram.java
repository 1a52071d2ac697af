package io.qforge.plugin.calibrator;

/**
 * A histogram of |x| with {@link #BINS} bins on [0, amax] (REFERENCE.md §3, "Histogram base"),
 * and the candidate bins that the mse and entropy searches try: from bin 1536 in steps of 16.
 */
final class Histogram {

    static final int BINS = 2048;
    static final int FIRST_CANDIDATE = 1536;
    static final int STRIDE = 16;

    final long[] counts = new long[BINS];
    final double amax;
    final double width;

    Histogram(float[] values) {
        double m = 0;
        for (float v : values) {
            m = Math.max(m, Math.abs(v));
        }
        this.amax = m;
        this.width = m / BINS;
        if (m > 0) {
            for (float v : values) {
                int bin = (int) (Math.abs(v) / width);
                counts[Math.min(bin, BINS - 1)]++;
            }
        }
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
