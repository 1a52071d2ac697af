package io.qforge.plugin.calibrator;

import java.util.Arrays;

/**
 * {@code calib_statistic_method} written a second time, for the reference tests: per-batch results
 * combined as REFERENCE.md §3 and docs/calibration.md say. {@code modal} is the most frequent value,
 * ties to the smallest; {@code median} is the lower middle of an even count.
 */
final class ReferenceStatistic {

    private ReferenceStatistic() {}

    static double combine(double[] perBatch, String method) {
        double[] v = perBatch.clone();
        Arrays.sort(v);
        switch (method) {
            case "max":
                return v[v.length - 1];
            case "mean": {
                double sum = 0;
                for (double x : v) {
                    sum += x;
                }
                return sum / v.length;
            }
            case "median":
                return v[(v.length - 1) / 2];
            case "modal": {
                // Sorted ascending, so a run only replaces the best with a strictly longer one: ties stay with the smallest.
                double best = v[0];
                int bestRun = 0;
                for (int i = 0; i < v.length; ) {
                    int j = i;
                    while (j < v.length && v[j] == v[i]) {
                        j++;
                    }
                    if (j - i > bestRun) {
                        bestRun = j - i;
                        best = v[i];
                    }
                    i = j;
                }
                return best;
            }
            default:
                throw new IllegalArgumentException(method);
        }
    }
}
