package io.qforge.plugin.calibrator;

import io.qforge.api.quant.CalibrationTarget;
import io.qforge.api.quant.QuantParams;
import java.util.stream.IntStream;

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
        int candidates = (Histogram.BINS - Histogram.FIRST_CANDIDATE) / Histogram.STRIDE;
        // Each candidate's error is a pure function of it: computed in parallel, compared in order.
        double[] errors = IntStream.range(0, candidates).parallel()
                .mapToDouble(c -> error(h, h.centre(Histogram.FIRST_CANDIDATE + c * Histogram.STRIDE), target)).toArray();
        double best = h.amax;
        double bestError = Double.POSITIVE_INFINITY;
        for (int c = 0; c < candidates; c++) {
            if (errors[c] < bestError) {
                bestError = errors[c];
                best = h.centre(Histogram.FIRST_CANDIDATE + c * Histogram.STRIDE);
            }
        }
        return best;
    }

    /** Sum over bins of count * (fake-quantized centre - centre)^2 with the threshold {@code candidate}. */
    private static double error(Histogram h, double candidate, CalibrationTarget target) {
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
        return error;
    }
}
