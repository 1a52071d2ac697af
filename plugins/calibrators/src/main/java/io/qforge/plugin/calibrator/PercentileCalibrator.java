package io.qforge.plugin.calibrator;

import io.qforge.api.quant.CalibrationTarget;

/** {@code percentile}: the upper edge of the first bin where the CDF of |x| reaches percentage / 100 (default 99.99). */
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
        double needed = h.total() * target.spec().percentage() / 100.0;
        long cumulative = 0;
        for (int bin = 0; bin < Histogram.BINS; bin++) {
            cumulative += h.counts[bin];
            if (cumulative >= needed) {
                return (bin + 1) * h.width;
            }
        }
        return h.amax;
    }
}
