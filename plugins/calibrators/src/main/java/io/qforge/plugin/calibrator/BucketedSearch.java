package io.qforge.plugin.calibrator;

import io.qforge.api.RoundMode;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.quant.Range;
import java.util.List;
import java.util.OptionalInt;

/**
 * The {@code diffs} search in one pass over the values, for power-of-two grids with zero point 0
 * (the DPU's) and a round mode that steps only at halves.
 *
 * <p>Why it is exact: let h be half the finest candidate's scale. Every candidate's rounding
 * steps only at multiples of h, so all values strictly inside one bucket (B h, (B + 1) h) get the
 * same integer q from a candidate, and their squared errors sum to n e^2 - 2 e S1 + S2, where e is
 * the error at the bucket's centre and S1, S2 are the sums of (x - centre) and its square. The
 * pass keeps those three numbers per bucket; values exactly on a bucket edge, or too small for
 * float division to stay exact, are measured one by one. The sums are rounded differently from
 * {@link Tensors#squaredErrors}, so the pick is returned only when the best candidate beats every
 * other by far more than either computation's rounding could move them (see {@link #MARGIN});
 * otherwise the caller runs the value-by-value search, and the result is the same either way.
 */
final class BucketedSearch {

    /** Buckets per search at most; an 8-bit search needs about 8,200 (16 times the finest grid's 512 halves). */
    static final int MAX_BUCKETS = 1 << 15;

    /**
     * The relative gap the pick needs. Both computations add fewer than 2^31 terms, so each sum is
     * within 2^31 * 2^-53 (about 2.4e-7) of the exact one, relative to the magnitude of its terms.
     */
    private static final double MARGIN = 1e-6;

    /** Values per chunk: large, so that the per-bucket pass at the end of a chunk costs little against the values. */
    private static final int CHUNK = 1 << 18;

    /** Quotients below this are subnormal floats, where x / scale may round: such values are measured one by one. */
    private static final double SMALLEST_EXACT_QUOTIENT = 0x1p-120;

    private final int first;
    private final int buckets;
    private final double inverseHalfStep;
    private final double tiny;
    private final Grid[] grids;
    private final double[] ratios;
    private final RoundMode round;
    private final CentreErrors centreErrors;

    private BucketedSearch(CentreErrors centreErrors, double halfStep, List<QuantParams> candidates, RoundMode round) {
        this.first = centreErrors.first();
        this.buckets = centreErrors.count();
        this.centreErrors = centreErrors;
        this.inverseHalfStep = 1 / halfStep;
        this.round = round;
        int k = candidates.size();
        this.grids = new Grid[k];
        this.ratios = new double[k];
        double coarsest = 0;
        for (int j = 0; j < k; j++) {
            grids[j] = Grid.of(candidates.get(j));
            ratios[j] = grids[j].scale() / halfStep;
            coarsest = Math.max(coarsest, grids[j].scale());
        }
        this.tiny = coarsest * SMALLEST_EXACT_QUOTIENT;
    }

    /**
     * The index of the candidate with the least squared error over {@code values} (whose range is
     * {@code range}), the first on a tie; empty when this search does not apply or cannot be sure.
     */
    static OptionalInt best(float[] values, Range range, List<QuantParams> candidates, RoundMode round) {
        return best(values, range, candidates, round, new CentreErrors());
    }

    /** As {@link #best(float[], Range, List, RoundMode)}, with the bucket tables of earlier searches of the same tensor. */
    static OptionalInt best(float[] values, Range range, List<QuantParams> candidates, RoundMode round, CentreErrors tables) {
        if (!round.stepsOnlyAtHalves() || candidates.size() < 2) {
            return OptionalInt.empty();
        }
        float finest = Float.POSITIVE_INFINITY;
        for (QuantParams p : candidates) {
            if (!p.isPerTensor() || !p.isPowerOfTwo() || p.zeroPoint(0) != 0) {
                return OptionalInt.empty();
            }
            finest = Math.min(finest, p.scale(0));
        }
        double halfStep = finest / 2.0;
        double low = Math.floor(range.min() / halfStep);
        double high = Math.floor(range.max() / halfStep);
        if (!(high - low < MAX_BUCKETS)) {
            return OptionalInt.empty();
        }
        tables.cover((int) low, (int) high, halfStep, candidates, round);
        return new BucketedSearch(tables, halfStep, candidates, round).pick(values);
    }

    private OptionalInt pick(float[] values) {
        int k = grids.length;
        double[] errors = new double[k];
        double[] magnitudes = new double[k];
        for (double[] part : Tensors.inChunks(values.length, CHUNK, c -> chunk(values, c))) {
            for (int j = 0; j < k; j++) {
                errors[j] += part[j];
                magnitudes[j] += part[k + j];
            }
        }
        int best = 0;
        for (int j = 1; j < k; j++) {
            if (errors[j] < errors[best]) {
                best = j;
            }
        }
        for (int j = 0; j < k; j++) {
            if (j != best && !(errors[j] - errors[best] > MARGIN * (magnitudes[j] + magnitudes[best]))) {
                return OptionalInt.empty();
            }
        }
        return OptionalInt.of(best);
    }

    /** One chunk's squared errors per candidate, then the magnitudes of the terms they summed, in units of h^2. */
    private double[] chunk(float[] values, int c) {
        int k = grids.length;
        int[] counts = new int[buckets];
        double[] sums = new double[buckets];
        double[] squares = new double[buckets];
        double[] out = new double[2 * k];
        int start = c * CHUNK;
        int end = (int) Math.min(values.length, (long) start + CHUNK);
        Tensors.NonZero nonZero = Tensors.nonZero(values, start, end); // zeros keep 0 under every candidate
        float[] kept = nonZero.values();
        int n = nonZero.count();
        for (int i = 0; i < n; i++) {
            float x = kept[i];
            double t = x * inverseHalfStep; // exact: a power of two
            double floor = Math.floor(t);
            if (t == floor || Math.abs(x) < tiny) {
                addOneByOne(x, t, out);
                continue;
            }
            int b = (int) floor - first;
            double offset = t - floor - 0.5;
            counts[b]++;
            sums[b] += offset;
            squares[b] += offset * offset;
        }
        for (int b = 0; b < buckets; b++) {
            if (counts[b] == 0) {
                continue;
            }
            for (int j = 0; j < k; j++) {
                double e = centreErrors.error(j, b);
                double a = counts[b] * e * e;
                double cross = 2 * e * sums[b];
                out[j] += a - cross + squares[b];
                out[k + j] += a + Math.abs(cross) + squares[b];
            }
        }
        return out;
    }

    private void addOneByOne(float x, double t, double[] out) {
        int k = grids.length;
        for (int j = 0; j < k; j++) {
            double q = clamp(round.round(x / grids[j].scale()), grids[j]);
            double d = q * ratios[j] - t;
            out[j] += d * d;
            out[k + j] += d * d;
        }
    }

    static double clamp(double q, Grid g) {
        return q < g.qmin() ? g.qmin() : q > g.qmax() ? g.qmax() : q;
    }
}
