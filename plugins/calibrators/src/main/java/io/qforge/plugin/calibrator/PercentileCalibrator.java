package io.qforge.plugin.calibrator;

import io.qforge.api.quant.CalibrationTarget;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * {@code percentile}: the first bin where the CDF of |x| reaches percentage / 100 (default 99.99),
 * and its lower edge as the threshold: Vitis AI's {@code calib_bin_edges[searchsorted(cdf, p)]}.
 * The comparison is exact (counts against the decimal percentage), so a CDF that reaches the
 * percentage exactly stops at that bin.
 */
public final class PercentileCalibrator extends HistogramCalibrator {

    @Override
    public String name() {
        return "percentile";
    }

    @Override
    public String description() {
        return "clip |x| at a percentile of its histogram (default 99.99)";
    }

    @Override
    double threshold(Histogram h, CalibrationTarget target) {
        // cumulative / total >= percentage / 100, in exact decimals: 99.99 means 99.99, not its nearest double.
        // A whole count c reaches it when c * 100 >= total * percentage, that is c >= the ceiling of
        // total * percentage / 100: one exact division here instead of one per bin.
        BigDecimal needed = BigDecimal.valueOf(h.total()).multiply(BigDecimal.valueOf(target.spec().percentage()));
        long least = needed.movePointLeft(2).setScale(0, RoundingMode.CEILING).longValueExact();
        long cumulative = 0;
        for (int bin = 0; bin < Histogram.BINS; bin++) {
            cumulative += h.counts[bin];
            if (cumulative >= least) {
                return bin * h.width;
            }
        }
        return h.amax;
    }
}
