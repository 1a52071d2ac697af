package io.qforge.plugin.calibrator;

import io.qforge.api.quant.CalibrationTarget;
import io.qforge.api.quant.QuantSpec;
import java.util.stream.IntStream;

/**
 * {@code entropy}: TensorRT's KL-divergence calibration as Vitis AI's {@code
 * EntropyQuantPerTensorAlgo} computes it (REFERENCE.md §3), with one departure. The count of bin
 * 0 is replaced by bin 1's, so that a spike of exact zeros does not dominate. For each candidate
 * bin count i (1536, 1552, ..., 2048): P is the first i bins with the clipped tail folded into
 * the last of them; Q merges P into as many levels as the integer grid has on one side (2^(b-1)
 * signed, 2^b unsigned; bin j is in level floor(j * levels / i), Vitis AI's digitize), then
 * spreads each level's mass evenly over its non-empty bins. The threshold is the edge of the
 * candidate with the least KL(P || Q), the last one on ties.
 *
 * <p>The departure: Vitis AI merges the unclipped bins into Q, so a candidate whose last bin is
 * empty while the tail beyond it is not gets an infinite divergence, and a tail beyond a gap
 * (a few outliers) always yields the whole range: the min/max answer REFERENCE.md says qforge's
 * entropy must not silently return. Merging P keeps every divergence finite; it changes nothing
 * where the last bin of a candidate already holds values.
 */
public final class EntropyCalibrator extends HistogramCalibrator {

    @Override
    public String name() {
        return "entropy";
    }

    @Override
    public String description() {
        return "the clipping threshold with the least KL divergence (TensorRT-style)";
    }

    @Override
    double threshold(Histogram h, CalibrationTarget target) {
        long levels = levels(target.spec());
        long[] bins = h.counts.clone();
        bins[0] = bins[1];
        int candidates = (Histogram.BINS - Histogram.FIRST_CANDIDATE) / Histogram.STRIDE + 1;
        // Each divergence is a pure function of its candidate: computed in parallel, compared in order.
        double[] divergences = IntStream.range(0, candidates).parallel()
                .mapToDouble(c -> divergence(bins, Histogram.FIRST_CANDIDATE + c * Histogram.STRIDE, levels)).toArray();
        double bestDivergence = Double.POSITIVE_INFINITY;
        int bestBins = Histogram.BINS;
        for (int c = 0; c < candidates; c++) {
            if (divergences[c] <= bestDivergence) {
                bestDivergence = divergences[c];
                bestBins = Histogram.FIRST_CANDIDATE + c * Histogram.STRIDE;
            }
        }
        return bestBins * h.width;
    }

    /** Levels on the positive side of the grid: 2^(b-1) when signed, 2^b when not. */
    static long levels(QuantSpec spec) {
        return spec.signed() ? 1L << (spec.bitWidth() - 1) : 1L << spec.bitWidth();
    }

    /** KL(P || Q) for the first {@code i} of {@code bins}; see the class comment. */
    static double divergence(long[] bins, int i, long levels) {
        double[] p = new double[i];
        for (int j = 0; j < i; j++) {
            p[j] = bins[j];
        }
        for (int j = i; j < bins.length; j++) {
            p[i - 1] += bins[j];
        }
        double[] q = new double[i];
        // Levels are runs of consecutive bins, since floor(j * levels / i) never decreases with j.
        int start = 0;
        while (start < i) {
            long level = start * levels / i;
            int end = start;
            double mass = 0;
            int nonEmpty = 0;
            while (end < i && end * levels / i == level) {
                mass += p[end];
                nonEmpty += p[end] > 0 ? 1 : 0;
                end++;
            }
            for (int j = start; j < end; j++) {
                q[j] = p[j] > 0 ? mass / nonEmpty : 0;
            }
            start = end;
        }
        double pTotal = 0;
        double qTotal = 0;
        for (int j = 0; j < i; j++) {
            pTotal += p[j];
            qTotal += q[j];
        }
        double kl = 0;
        for (int j = 0; j < i; j++) {
            if (p[j] > 0) {
                double pj = p[j] / pTotal;
                double qj = q[j] / qTotal;
                kl += pj * Math.log(pj / qj);
            }
        }
        return kl;
    }
}
