package io.qforge.plugin.calibrator;

import static io.qforge.plugin.calibrator.CalibratorTestSupport.FLOAT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import io.qforge.api.Calibrator;
import io.qforge.api.quant.CalibrationTarget;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.quant.QuantSpec;
import io.qforge.api.quant.TensorKind;
import io.qforge.api.quant.TensorObserver;
import io.qforge.plugin.roundmode.HalfEvenRound;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@code "histograms": "accumulated"}: one histogram over all batches must stand for the histogram
 * of all their values at once, whether or not later batches widen the range, so that each
 * method's threshold lands within a bin of the one-pass threshold.
 */
class AccumulatedHistogramTest extends ArraysPerClass {

    @Test
    void theAccumulatedHistogramCountsEveryValueOnceAndKeepsTheGlobalRange() {
        List<float[]> batches = growingBatches();
        AccumulatedHistogram all = new AccumulatedHistogram();
        long values = 0;
        for (float[] b : batches) {
            all.add(b, Tensors.finiteRange(b, "t"));
            values += b.length;
        }
        Histogram h = all.histogram();
        Histogram onePass = new Histogram(concat(batches), Tensors.finiteRange(concat(batches), "t"));
        assertEquals(values, h.total());
        assertEquals(onePass.amax, h.amax);
        // Re-binning moves a value at most into a neighbouring bin: cumulative counts agree within one bin's shift.
        long cumulative = 0;
        long cumulativeOnePass = 0;
        for (int bin = 0; bin < Histogram.BINS - 1; bin++) {
            cumulative += h.counts[bin];
            cumulativeOnePass += onePass.counts[bin];
            assertTrue(Math.abs(cumulative - cumulativeOnePass) <= Math.max(h.counts[bin + 1], onePass.counts[bin + 1]) + onePass.counts[bin],
                    "bin " + bin + ": " + cumulative + " against " + cumulativeOnePass);
        }
    }

    @Test
    void eachMethodsAccumulatedThresholdIsWithinABinOfTheOnePassThreshold() {
        List<float[]> batches = growingBatches();
        double amax = Tensors.finiteRange(concat(batches), "t").max();
        for (Calibrator method : List.of(new PercentileCalibrator(), new EntropyCalibrator(), new MseCalibrator())) {
            QuantSpec spec = new QuantSpec(TensorKind.ACTIVATION, 8, method.name(), "half_even", "float", true, false, true, false, "max", 99.9);
            CalibrationTarget accumulated = new CalibrationTarget("t", spec, new HalfEvenRound(), FLOAT, false, true);
            CalibrationTarget perBatch = new CalibrationTarget("t", spec, new HalfEvenRound(), FLOAT, false, false);
            float accumulatedScale = calibrate(method, accumulated, batches).scale(0);
            float onePassScale = calibrate(method, perBatch, List.of(concat(batches))).scale(0);
            float perBatchScale = calibrate(method, perBatch, batches).scale(0);
            // Percentile may move by a bin; entropy and mse step through candidates 16 bins apart, so one step.
            int bins = method instanceof PercentileCalibrator ? 2 : Histogram.STRIDE + 1;
            double tolerance = bins * amax / Histogram.BINS / 127; // bins of |x| on the scale of a signed 8-bit grid
            assertEquals(onePassScale, accumulatedScale, tolerance, method.name() + ": accumulated against one pass");
            // The per-batch max of thresholds is a different statistic; on these batches it must differ, or the test shows nothing.
            assertTrue(Math.abs(perBatchScale - onePassScale) > tolerance, method.name() + ": per batch " + perBatchScale + ", one pass " + onePassScale);
        }
    }

    /** ReLU-like batches whose range grows: the second and fourth widen it (re-binning), the third does not. */
    private static List<float[]> growingBatches() {
        Random random = new Random(5);
        List<float[]> out = new ArrayList<>();
        double[] spreads = {1, 3, 0.5, 12};
        for (double spread : spreads) {
            float[] b = new float[50_000];
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) Math.max(0, random.nextGaussian() * spread);
            }
            out.add(b);
        }
        return out;
    }

    private static float[] concat(List<float[]> batches) {
        int n = batches.stream().mapToInt(b -> b.length).sum();
        float[] out = new float[n];
        int at = 0;
        for (float[] b : batches) {
            System.arraycopy(b, 0, out, at, b.length);
            at += b.length;
        }
        return out;
    }

    private static QuantParams calibrate(Calibrator method, CalibrationTarget target, List<float[]> batches) {
        TensorObserver observer = method.newObserver(target);
        for (float[] b : batches) {
            try (NDArray a = manager.create(b)) {
                observer.observe(a);
            }
        }
        return observer.result();
    }
}
