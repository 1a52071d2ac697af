package io.qforge.plugin.calibrator;

import io.qforge.api.quant.CalibrationTarget;
import java.math.BigDecimal;

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
        BigDecimal needed = BigDecimal.valueOf(h.total()).multiply(BigDecimal.valueOf(target.spec().percentage()));
        long cumulative = 0;
        for (int bin = 0; bin < Histogram.BINS; bin++) {
            cumulative += h.counts[bin];
            if (BigDecimal.valueOf(cumulative).scaleByPowerOfTen(2).compareTo(needed) >= 0) {
                return bin * h.width;
            }
        }
        return h.amax;
    }
}
