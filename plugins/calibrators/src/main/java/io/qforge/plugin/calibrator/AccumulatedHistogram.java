package io.qforge.plugin.calibrator;

import io.qforge.api.quant.Range;
import java.io.Serializable;

/**
 * One histogram of |x| over every calibration batch, for {@code "histograms": "accumulated"}.
 * It keeps {@link #FINE} bins over [0, top], where top is the smallest power of two above the
 * largest |x| so far: it doubles when a batch goes beyond it, each doubling merging pairs of
 * bins. Because every top is a power of two, x * FINE / top is exact and a value binned at a
 * smaller top then merged lands where it would have landed at the larger one, so the bins do
 * not depend on when the range grew, and histograms of shards of the stream merge exactly
 * ({@link #merge}). At the end the fine bins are re-binned into the {@link Histogram#BINS} bins
 * over [0, amax] that the methods search; a fine bin that straddles a final bin's edge is split
 * between the two in proportion to its overlap. Since top is at most twice amax, a fine bin is at
 * most an eighth of a final bin, which bounds the error. Memory is fixed; no activation is kept.
 */
final class AccumulatedHistogram {

    /** Fine bins: 16 per final bin while the range has not grown. */
    static final int FINE = Histogram.BINS * 16;

    /** What a shard sends to be merged: its bins, its zeros, its top (0 before any non-zero value) and its largest |x|. */
    record Statistics(long[] counts, long zeros, double top, double amax) implements Serializable {}

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
            top = Math.scalb(1.0, Math.getExponent(a) + 1);
        }
        while (a >= top) {
            counts = halved(counts);
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

    Statistics statistics() {
        return new Statistics(counts.clone(), zeros, top, amax);
    }

    /** Adds a shard's histogram: both are brought to the larger top, then added bin by bin. */
    void merge(Statistics later) {
        if (later.counts().length != FINE) {
            throw new IllegalArgumentException("an accumulated histogram has " + FINE + " bins, not " + later.counts().length);
        }
        zeros += later.zeros();
        amax = Math.max(amax, later.amax());
        if (later.top() == 0) {
            return;
        }
        long[] theirs = later.counts().clone();
        double theirTop = later.top();
        if (top == 0) {
            top = theirTop;
            counts = theirs;
            return;
        }
        while (top < theirTop) {
            counts = halved(counts);
            top *= 2;
        }
        while (theirTop < top) {
            theirs = halved(theirs);
            theirTop *= 2;
        }
        for (int i = 0; i < FINE; i++) {
            counts[i] += theirs[i];
        }
    }

    /** The bins over twice the range: pairs merged. */
    private static long[] halved(long[] bins) {
        long[] merged = new long[FINE];
        for (int i = 0; i < FINE; i++) {
            merged[i / 2] += bins[i];
        }
        return merged;
    }

    /** The histogram over [0, amax] of everything added. */
    Histogram histogram() {
        long[] bins = new long[Histogram.BINS];
        bins[0] = zeros;
        if (amax > 0) {
            // A fine bin's width in final bins: at most 1/8, since top is at most twice amax.
            double width = top / FINE * (Histogram.BINS / amax);
            for (int i = 0; i < FINE; i++) {
                long n = counts[i];
                if (n == 0) {
                    continue;
                }
                double start = i * width;
                double end = start + width;
                int low = (int) start;
                if (low >= Histogram.BINS - 1 || (int) end == low || end == Math.floor(end)) {
                    bins[Math.min(low, Histogram.BINS - 1)] += n;
                    continue;
                }
                // Straddling an edge: split by overlap, so that the final bins carry no comb from
                // how many fine bins each happens to hold.
                long below = Math.round(n * ((low + 1) - start) / width);
                bins[low] += below;
                bins[low + 1] += n - below;
            }
        }
        return new Histogram(bins, amax);
    }
}
