package io.qforge.plugin.calibrator;

import io.qforge.api.quant.CalibrationTarget;
import io.qforge.api.quant.QuantParams;

/**
 * {@code mse}: candidate thresholds are the centres of bins 1536, 1552, ..., 2032; keep the first
 * that minimises sum over bins of count * (fake-quantized centre - centre)^2.
 */
public final class MseCalibrator extends HistogramCalibrator {

    @Override
    public String name() {
        return "mse";
    }

    @Override
    public String description() {
        return "the clipping threshold with the least squared error over the histogram";
    }

    @Override
    double threshold(Histogram h, CalibrationTarget target) {
        double best = h.amax;
        double bestError = Double.POSITIVE_INFINITY;
        for (int bin = Histogram.FIRST_CANDIDATE; bin < Histogram.BINS; bin += Histogram.STRIDE) {
            double candidate = h.centre(bin);
            QuantParams p = paramsFor(candidate, target);
            double error = 0;
            for (int i = 0; i < Histogram.BINS; i++) {
                if (h.counts[i] > 0) {
                    float c = (float) h.centre(i);
                    double q = Math.max(p.qmin(), Math.min(p.qmax(), target.roundMode().round(c / p.scale(0)) + (double) p.zeroPoint(0)));
                    double d = (q - p.zeroPoint(0)) * p.scale(0) - c;
                    error += h.counts[i] * d * d;
                }
            }
            if (error < bestError) {
                bestError = error;
                best = candidate;
            }
        }
        return best;
    }
}
