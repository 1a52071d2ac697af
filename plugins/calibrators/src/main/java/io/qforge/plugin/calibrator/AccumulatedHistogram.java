package io.qforge.plugin.calibrator;

import io.qforge.api.quant.Range;

/**
 * One histogram of |x| over every calibration batch, for {@code "histograms": "accumulated"}.
 * It keeps {@link #FINE} bins over [0, top]: top starts at the first non-zero batch's largest
 * |x| and doubles whenever a batch goes beyond it, each doubling merging pairs of bins, which is
 * exact. At the end the fine bins are re-binned into the {@link Histogram#BINS} bins over [0,
 * amax] that the methods search, each fine bin going whole to the bin holding its centre: since
 * top is less than twice amax, a fine bin is at most an eighth of a final bin, which bounds the
 * error. Memory is fixed; no activation is kept.
 */
final class AccumulatedHistogram {

    /** Fine bins: 16 per final bin while the range has not grown. */
    static final int FINE = Histogram.BINS * 16;

    private long[] counts = new long[FINE];
    private long zeros;
    private double top;
    private double amax;

    void add(float[] values, Range range) {
        double a = Math.max(Math.abs((double) range.min()), Math.abs((double) range.max()));
        if (a == 0) {
            zeros += values.length;
            return;
        }
        if (top == 0) {
            top = a;
        }
        while (a > top) {
            long[] merged = new long[FINE];
            for (int i = 0; i < FINE; i++) {
                merged[i / 2] += counts[i];
            }
            counts = merged;
            top *= 2;
        }
        amax = Math.max(amax, a);
        double perUnit = FINE / top;
        for (float x : values) {
            if (x == 0) {
                zeros++;
            } else {
                counts[Math.min((int) (Math.abs(x) * perUnit), FINE - 1)]++;
            }
        }
    }

    /** The histogram over [0, amax] of everything added. */
    Histogram histogram() {
        long[] bins = new long[Histogram.BINS];
        bins[0] = zeros;
        if (amax > 0) {
            double fineWidth = top / FINE;
            double binsPerUnit = Histogram.BINS / amax;
            for (int i = 0; i < FINE; i++) {
                if (counts[i] > 0) {
                    bins[Math.min((int) ((i + 0.5) * fineWidth * binsPerUnit), Histogram.BINS - 1)] += counts[i];
                }
            }
        }
        return new Histogram(bins, amax);
    }
}
