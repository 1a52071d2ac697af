package io.qforge.plugin.calibrator;

import io.qforge.api.RoundMode;
import io.qforge.api.quant.QuantParams;
import java.util.List;

/**
 * For {@link BucketedSearch}: the error at the centre of each bucket under each candidate, in
 * units of the bucket's width (half the finest candidate's step). A bucket's errors depend only on
 * the candidates, the round mode and the bucket's index, and building them costs one rounding per
 * bucket and candidate (about 40,000 for an 8-bit search), more than the pass over a small
 * tensor. So a diffs observer keeps one table for all its batches, whose candidates are usually
 * the same, and widens it when a batch reaches buckets it does not cover.
 */
final class CentreErrors {

    private List<QuantParams> candidates = List.of();
    private RoundMode round;
    private int first;
    /** errors[candidate][bucket - first]. */
    private double[][] errors = new double[0][];

    /** Buckets low..high (absolute indices) covered for these candidates; afterwards {@link #first} and {@link #count} may span more. */
    void cover(int low, int high, double halfStep, List<QuantParams> candidates, RoundMode round) {
        boolean same = candidates.equals(this.candidates) && round == this.round && errors.length > 0;
        if (same && low >= first && high < first + count()) {
            return;
        }
        int from = same ? Math.min(low, first) : low;
        int to = same ? Math.max(high, first + count() - 1) : high;
        if ((long) to - from + 1 > BucketedSearch.MAX_BUCKETS) {
            from = low;
            to = high;
        }
        this.candidates = List.copyOf(candidates);
        this.round = round;
        this.first = from;
        this.errors = new double[candidates.size()][to - from + 1];
        for (int j = 0; j < candidates.size(); j++) {
            Grid grid = Grid.of(candidates.get(j));
            double ratio = grid.scale() / halfStep;
            for (int b = 0; b < errors[j].length; b++) {
                double centre = from + b + 0.5;
                // centre / ratio has at most 17 significant bits: exact in float, and never on a step.
                double q = BucketedSearch.clamp(round.round((float) (centre / ratio)), grid);
                errors[j][b] = q * ratio - centre;
            }
        }
    }

    int first() {
        return first;
    }

    int count() {
        return errors.length == 0 ? 0 : errors[0].length;
    }

    /** The error at the centre of bucket {@code first() + b} under candidate {@code j}. */
    double error(int j, int b) {
        return errors[j][b];
    }
}
