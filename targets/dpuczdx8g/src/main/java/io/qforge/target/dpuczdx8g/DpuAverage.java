package io.qforge.target.dpuczdx8g;

import java.util.Map;

/**
 * How the DPU averages: it does not divide a window's sum by its count but multiplies it by
 * factor / 2^shift (REFERENCE.md §5, from vai_q_pytorch 3.0's {@code dpu_utils.py}). A few kernel
 * sizes have fixed pairs; any other count takes the first shift, below ceil(log2(count * 128)),
 * whose factor round(2^shift / count) comes strictly closest to 1 / count.
 */
record DpuAverage(int factor, int shift) {

    /** The fixed pairs, by kernel (height, width). */
    private static final Map<String, DpuAverage> FIXED = Map.of(
            "3x3", new DpuAverage(7, 6),
            "5x5", new DpuAverage(10, 8),
            "6x6", new DpuAverage(7, 8),
            "3x6", new DpuAverage(7, 8),
            "6x3", new DpuAverage(7, 8),
            "7x7", new DpuAverage(21, 10),
            "14x14", new DpuAverage(21, 12));

    /** The reciprocal the DPU uses for a kh x kw window (a global pool's window is the whole map). */
    static DpuAverage of(int kernelH, int kernelW) {
        DpuAverage fixed = FIXED.get(kernelH + "x" + kernelW);
        return fixed != null ? fixed : search(kernelH * kernelW);
    }

    private static DpuAverage search(int count) {
        int shifts = (int) Math.ceil(Math.log((double) count * 128) / Math.log(2));
        double best = 1.0;
        DpuAverage chosen = new DpuAverage(0, 0);
        for (int shift = 0; shift < shifts; shift++) {
            // Python's round, as in the source: halves to even.
            int factor = (int) Math.rint(Math.pow(2, shift) / count);
            double error = Math.abs(factor / Math.pow(2, shift) - 1.0 / count);
            if (error < best) {
                best = error;
                chosen = new DpuAverage(factor, shift);
            }
        }
        return chosen;
    }

    /** The DPU's average over the exact one: count * factor / 2^shift. */
    double scale(int count) {
        return count * factor / Math.pow(2, shift);
    }
}
