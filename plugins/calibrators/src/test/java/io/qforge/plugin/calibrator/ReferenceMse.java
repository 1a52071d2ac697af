package io.qforge.plugin.calibrator;

import io.qforge.api.quant.QuantParams;

/**
 * {@code mse} written a second time, for tests only (REFERENCE.md §3, Vitis AI's {@code
 * MSEQuantPerTensorAlgo}): the candidates are the centres of bins 1536, 1552, ..., 2032; each is
 * scored by the sum over bins of count * (fq(centre) - centre)^2, where fq quantizes with the
 * candidate's scale and the tensor's round mode; the first minimum wins. Centres are float32, as
 * in Vitis AI's histogram tensors, and so is centre / scale; the sum is in double.
 */
final class ReferenceMse {

    private ReferenceMse() {}

    static double threshold(float[] values, int bits, String roundMode, boolean powerOfTwo) {
        ReferenceHistogram h = new ReferenceHistogram(values);
        if (h.amax == 0) {
            return 0;
        }
        double best = Double.NaN;
        double bestError = Double.POSITIVE_INFINITY;
        for (int k = 1536; k < ReferenceHistogram.BINS; k += 16) {
            QuantParams p = ReferenceScale.params(h.centre(k), bits, powerOfTwo);
            float scale = p.scale(0);
            double error = 0;
            for (int j = 0; j < ReferenceHistogram.BINS; j++) {
                if (h.counts[j] == 0) {
                    continue; // adds 0
                }
                float c = (float) h.centre(j);
                long q = Math.max(ReferenceDiffs.qmin(bits), Math.min(ReferenceDiffs.qmax(bits), ReferenceDiffs.round(c / scale, roundMode)));
                double d = q * (double) scale - c;
                error += h.counts[j] * d * d;
            }
            if (error < bestError) {
                bestError = error;
                best = h.centre(k);
            }
        }
        return best;
    }
}
