package io.qforge.plugin.calibrator;

import java.util.HashMap;
import java.util.Map;

/**
 * {@code entropy} written a second time, for tests only, step by step as Vitis AI's {@code
 * EntropyQuantPerTensorAlgo.calib_scale} (NVIDIA pytorch-quantization's {@code
 * _compute_amax_entropy}) computes it, except that Q is built from P, the clipped tail included
 * (qforge's documented departure, see {@link EntropyCalibrator}):
 *
 * <ol>
 *   <li>bins = the histogram, with bins[0] replaced by bins[1];
 *   <li>for i = 1536, 1552, ..., 2048: P = bins[:i] with sum(bins[i:]) added to its last entry;
 *   <li>space = linspace(0, i, levels + 1) with levels = 2^(b-1) (signed) or 2^b; P[j] goes to
 *       level digitize(j, space) - 1, the last l with space[l] <= j, or to none when P[j] is 0;
 *   <li>Q[j] = (the sum of P in j's level) / (the count of non-empty P in it), 0 for empty j;
 *   <li>the divergence is scipy's entropy(P, Q): both normalised, sum of p log(p / q), infinite
 *       where q = 0 < p;
 *   <li>the threshold is edge i of the last i with the least divergence.
 * </ol>
 */
final class ReferenceEntropy {

    private ReferenceEntropy() {}

    static double threshold(float[] values, int bits, boolean signed) {
        ReferenceHistogram h = new ReferenceHistogram(values);
        if (h.amax == 0) {
            return 0;
        }
        long[] bins = h.counts.clone();
        bins[0] = bins[1];
        long levels = 1L << (signed ? bits - 1 : bits);
        double least = Double.POSITIVE_INFINITY;
        int bestI = -1;
        for (int i = 1536; i <= ReferenceHistogram.BINS; i += 16) {
            double kl = divergence(bins, i, levels);
            if (kl <= least) {
                least = kl;
                bestI = i;
            }
        }
        return h.edge(bestI);
    }

    private static double divergence(long[] bins, int i, long levels) {
        double[] p = new double[i];
        for (int j = 0; j < i; j++) {
            p[j] = bins[j];
        }
        for (int j = i; j < bins.length; j++) {
            p[i - 1] += bins[j];
        }
        long[] level = new long[i];
        Map<Long, Double> mass = new HashMap<>();
        Map<Long, Integer> nonEmpty = new HashMap<>();
        for (int j = 0; j < i; j++) {
            level[j] = digitize(j, i, levels);
            if (p[j] != 0) {
                mass.merge(level[j], p[j], Double::sum);
                nonEmpty.merge(level[j], 1, Integer::sum);
            }
        }
        double[] q = new double[i];
        for (int j = 0; j < i; j++) {
            q[j] = p[j] == 0 ? 0 : mass.get(level[j]) / nonEmpty.get(level[j]);
        }
        double pSum = 0;
        double qSum = 0;
        for (int j = 0; j < i; j++) {
            pSum += p[j];
            qSum += q[j];
        }
        double kl = 0;
        for (int j = 0; j < i; j++) {
            if (p[j] == 0) {
                continue;
            }
            if (q[j] == 0) {
                return Double.POSITIVE_INFINITY;
            }
            kl += (p[j] / pSum) * Math.log((p[j] / pSum) / (q[j] / qSum));
        }
        return kl;
    }

    /** The last l in 0..levels with space[l] = l * i / levels <= j, found by bisection on exact integers. */
    private static long digitize(int j, int i, long levels) {
        long low = 0;
        long high = levels;
        while (low < high) {
            long mid = (low + high + 1) / 2;
            if (mid * i <= (long) j * levels) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }
}
