package io.qforge.plugin.calibrator;

import java.math.BigDecimal;

/**
 * {@code percentile} written a second time, for tests only: Vitis AI's {@code
 * calib_bin_edges[searchsorted(cumsum(hist / total), percentage / 100)]}, the lower edge of the
 * first bin whose CDF reaches the percentage. The CDF is compared in exact decimals (the
 * percentage as written, e.g. 99.99), so a CDF that reaches it exactly stops there.
 */
final class ReferencePercentile {

    private ReferencePercentile() {}

    static double threshold(float[] values, double percentage) {
        ReferenceHistogram h = new ReferenceHistogram(values);
        if (h.amax == 0) {
            return 0;
        }
        BigDecimal fraction = BigDecimal.valueOf(percentage).movePointLeft(2);
        BigDecimal total = BigDecimal.valueOf(h.total());
        long cumulative = 0;
        for (int k = 0; k < ReferenceHistogram.BINS; k++) {
            cumulative += h.counts[k];
            if (BigDecimal.valueOf(cumulative).compareTo(fraction.multiply(total)) >= 0) {
                return h.edge(k);
            }
        }
        return h.amax;
    }
}
