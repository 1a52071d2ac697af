package io.qforge.plugin.calibrator;

/**
 * {@code maxmin} written a second time, for tests only, as Vitis AI computes it with {@code
 * calibration_local} (its default): each batch gives its own result, and the results are
 * combined by {@code calib_statistic_method}. Power of two: each batch's fp0 of REFERENCE.md §3
 * (scope 1), clamped. Float scale, symmetric and signed: each batch's max |x|, so that the scale
 * is max |x| / qmax.
 */
final class ReferenceMaxMin {

    private ReferenceMaxMin() {}

    static int fixPosition(float[] batch, int bits) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float x : batch) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        return ReferenceDiffs.clamp(ReferenceDiffs.firstFixPosition(min, max, bits), bits);
    }

    static double absMax(float[] batch) {
        double m = 0;
        for (float x : batch) {
            m = Math.max(m, Math.abs((double) x));
        }
        return m;
    }
}
