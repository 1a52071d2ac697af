package io.qforge.plugin.calibrator;

import io.qforge.api.quant.CalibrationTarget;
import io.qforge.api.quant.QuantSpec;

/**
 * {@code entropy}: TensorRT's KL-divergence calibration (REFERENCE.md §3). For each candidate
 * bin count i (1536, 1552, ..., 2048), the reference distribution P is the first i bins with the
 * clipped tail folded into the last of them; Q merges P into as many levels as the integer grid
 * has on one side (128 for signed int8), then spreads each level's mass evenly over its non-empty
 * bins. The threshold is the edge of the candidate with the least KL(P || Q), the last one on
 * ties. It searches down to 75 % of the range, so heavy tails are clipped, never silently kept.
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
        int levels = levels(target.spec());
        double bestDivergence = Double.POSITIVE_INFINITY;
        int bestBins = Histogram.BINS;
        for (int bins = Histogram.FIRST_CANDIDATE; bins <= Histogram.BINS; bins += Histogram.STRIDE) {
            double kl = divergence(h.counts, bins, levels);
            if (kl <= bestDivergence) {
                bestDivergence = kl;
                bestBins = bins;
            }
        }
        return bestBins * h.width;
    }

    /** Levels on the positive side of the grid: 2^(b-1) when signed, 2^b when not. */
    static int levels(QuantSpec spec) {
        return (int) Math.min(Histogram.FIRST_CANDIDATE, spec.signed() ? 1L << (spec.bitWidth() - 1) : 1L << spec.bitWidth());
    }

    static double divergence(long[] counts, int bins, int levels) {
        double[] p = new double[bins];
        for (int i = 0; i < bins; i++) {
            p[i] = counts[i];
        }
        for (int i = bins; i < counts.length; i++) {
            p[bins - 1] += counts[i];
        }
        double[] q = new double[bins];
        double perLevel = (double) bins / levels;
        for (int level = 0; level < levels; level++) {
            int start = (int) Math.floor(level * perLevel);
            int end = level == levels - 1 ? bins : (int) Math.floor((level + 1) * perLevel);
            double mass = 0;
            int nonEmpty = 0;
            for (int i = start; i < end; i++) {
                mass += p[i];
                if (p[i] > 0) {
                    nonEmpty++;
                }
            }
            for (int i = start; i < end; i++) {
                q[i] = p[i] > 0 ? mass / nonEmpty : 0;
            }
        }
        double pTotal = 0;
        double qTotal = 0;
        for (int i = 0; i < bins; i++) {
            pTotal += p[i];
            qTotal += q[i];
        }
        double kl = 0;
        for (int i = 0; i < bins; i++) {
            if (p[i] > 0) {
                double pi = p[i] / pTotal;
                double qi = q[i] / qTotal;
                kl += pi * Math.log(pi / qi);
            }
        }
        return kl;
    }
}
