package io.qforge.plugin.calibrator;

import io.qforge.api.RoundMode;
import io.qforge.api.quant.QuantParams;

/**
 * One per-tensor quantization grid as the error search needs it, and the search's inner loop. The
 * loop measures up to {@link #GROUP} grids in one pass over the values: each grid's sum still
 * sees the values one by one in order, so every sum is the same double as a pass per grid would
 * give, but the values are read once and the independent sums keep the core busy.
 */
record Grid(float scale, double zero, double qmin, double qmax) {

    /** Grids measured per pass: the five fix positions of a power-of-two search in one. */
    static final int GROUP = 5;

    static Grid of(QuantParams p) {
        return new Grid(p.scale(0), p.zeroPoint(0), p.qmin(), p.qmax());
    }

    /** The squared error of fake-quantizing {@code x} on this grid; {@code x} must be finite. */
    double squaredError(float x, RoundMode round) {
        // x / scale in float32, as the quantizer computes it; exact for power-of-two scales.
        double q = round.round(x / scale) + zero;
        q = q < qmin ? qmin : q > qmax ? qmax : q;
        double d = (q - zero) * scale - x;
        return d * d;
    }

    /**
     * Adds the squared errors of {@code v[0, n)} under grids {@code from} to {@code from + GROUP - 1}
     * (those that exist) to {@code sums}. Missing grids repeat the last one and are not added.
     */
    static void squaredErrors(float[] v, int n, Grid[] grids, int from, RoundMode round, double[] sums) {
        int last = grids.length - 1;
        Grid a = grids[from];
        Grid b = grids[Math.min(from + 1, last)];
        Grid c = grids[Math.min(from + 2, last)];
        Grid d = grids[Math.min(from + 3, last)];
        Grid e = grids[Math.min(from + 4, last)];
        double sa = 0;
        double sb = 0;
        double sc = 0;
        double sd = 0;
        double se = 0;
        for (int i = 0; i < n; i++) {
            float x = v[i];
            sa += a.squaredError(x, round);
            sb += b.squaredError(x, round);
            sc += c.squaredError(x, round);
            sd += d.squaredError(x, round);
            se += e.squaredError(x, round);
        }
        double[] group = {sa, sb, sc, sd, se};
        for (int j = 0; j < GROUP && from + j <= last; j++) {
            sums[from + j] += group[j];
        }
    }
}
