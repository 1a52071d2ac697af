package io.qforge.plugin.calibrator;

import static io.qforge.plugin.calibrator.CalibratorTestSupport.FLOAT;
import static io.qforge.plugin.calibrator.CalibratorTestSupport.POWER_OF_TWO;
import static io.qforge.plugin.calibrator.CalibratorTestSupport.calibrate;
import static io.qforge.plugin.calibrator.CalibratorTestSupport.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qforge.api.InvalidInputException;
import io.qforge.api.quant.CalibrationTarget;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.quant.QuantSpec;
import io.qforge.api.quant.Range;
import io.qforge.api.quant.TensorKind;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CalibratorsTest extends ArraysPerClass {

    private static float[] gaussian(int n, double sd, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextGaussian() * sd);
        }
        return v;
    }

    /** Mostly N(0, 1), with one value in a thousand at 40: a heavy tail. */
    private static float[] heavyTailed() {
        float[] v = gaussian(20_000, 1, 9);
        for (int i = 0; i < v.length; i += 1000) {
            v[i] = 40f;
        }
        return v;
    }

    private static CalibrationTarget floatActivation(String method) {
        return target(TensorKind.ACTIVATION, 8, method, "half_even", FLOAT, false, true, "max", false);
    }

    @Test
    void maxminPowerOfTwoIsFp0OfTheRange() {
        float[] v = gaussian(1000, 1, 1);
        QuantParams p = calibrate(new MaxMinCalibrator(), target(TensorKind.WEIGHTS, 8, "maxmin", "std_round", POWER_OF_TWO, false, true, "modal", false),
                manager, List.of(v), null);
        assertEquals(POWER_OF_TWO.fromRange(Tensors.finiteRange(v, "v"), p.isPowerOfTwo() ? spec8() : null), p);
    }

    private static io.qforge.api.quant.QuantSpec spec8() {
        return target(TensorKind.WEIGHTS, 8, "maxmin", "std_round", POWER_OF_TWO, false, true, "modal", false).spec();
    }

    @Test
    void maxminStreamsToTheUnionOfItsBatches() {
        float[] a = {-1f, 0.5f};
        float[] b = {-0.2f, 3f};
        CalibrationTarget t = floatActivation("maxmin");
        QuantParams streamed = calibrate(new MaxMinCalibrator(), t, manager, List.of(a, b), null);
        assertEquals(FLOAT.fromRange(new Range(-1f, 3f), t.spec()), streamed);
    }

    @Test
    void maxminPerChannelQuantizesEachOutputChannel() {
        float[] w = {1, -1, 2, 2, 0.5f, -0.25f}; // 3 channels of 2
        CalibrationTarget t = target(TensorKind.WEIGHTS, 8, "maxmin", "half_even", FLOAT, true, true, "max", false);
        QuantParams p = calibrate(new MaxMinCalibrator(), t, manager, List.of(w), new long[] {3, 2});
        assertEquals(0, p.axis());
        assertEquals(3, p.channels());
        assertEquals(1f / 127, p.scale(0), 1e-9f);
        assertEquals(2f / 127, p.scale(1), 1e-9f);
        assertEquals(0.5f / 127, p.scale(2), 1e-9f);
    }

    @Test
    void percentileClipsAtTheRequestedQuantile() {
        float[] v = new float[100_000];
        for (int i = 0; i < v.length; i++) {
            v[i] = i / (float) v.length;
        }
        QuantParams p = calibrate(new PercentileCalibrator(), floatActivation("percentile"), manager, List.of(v), null);
        double threshold = p.scale(0) * 127;
        assertEquals(0.9999, threshold, 0.001);
    }

    @Test
    void entropyClipsAHeavyTailInsteadOfKeepingTheMaxminRange() {
        float[] v = heavyTailed();
        QuantParams entropy = calibrate(new EntropyCalibrator(), floatActivation("entropy"), manager, List.of(v), null);
        QuantParams maxmin = calibrate(new MaxMinCalibrator(), floatActivation("maxmin"), manager, List.of(v), null);
        assertTrue(entropy.scale(0) < maxmin.scale(0), "entropy " + entropy + " vs maxmin " + maxmin);
        // REFERENCE.md §3 searches bins 1536 to 2048: thresholds from 75 % of the range up.
        double threshold = entropy.scale(0) * 127;
        assertTrue(threshold >= 0.75 * 40 - 1e-3 && threshold < 40, "threshold " + threshold);
    }

    @Test
    void entropyKeepsTheWholeRangeOfAUniformTensor() {
        float[] v = new float[50_000];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i % 1000) / 1000f;
        }
        double threshold = new EntropyCalibrator().threshold(new Histogram(v, Tensors.finiteRange(v, "v")), floatActivation("entropy"));
        assertEquals(new Histogram(v, Tensors.finiteRange(v, "v")).amax, threshold, 1e-6);
    }

    @Test
    void mseClipsOutliers() {
        float[] v = heavyTailed();
        QuantParams mse = calibrate(new MseCalibrator(), floatActivation("mse"), manager, List.of(v), null);
        assertTrue(mse.scale(0) * 127 < 40, "mse threshold " + mse.scale(0) * 127);
    }

    @Test
    void histogramMethodsAreRefusedPerChannel() {
        CalibrationTarget t = target(TensorKind.WEIGHTS, 8, "entropy", "half_even", FLOAT, true, true, "max", false);
        assertThrows(IllegalArgumentException.class, () -> new EntropyCalibrator().newObserver(t));
    }

    @Test
    void nonFiniteValuesNameTheTensor() {
        CalibrationTarget t = floatActivation("maxmin");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> calibrate(new MaxMinCalibrator(), t, manager, List.of(new float[] {1f, Float.NaN}), null));
        assertTrue(e.getMessage().startsWith("t: holds NaN"), e.getMessage());
    }

    @Test
    void nonFiniteValuesAreFoundInEveryMethodAndInLaterChunks() {
        float[] v = gaussian(3 * Tensors.CHUNK + 5, 1, 4);
        v[2 * Tensors.CHUNK + 1] = Float.NEGATIVE_INFINITY;
        for (String method : List.of("diffs", "percentile")) {
            CalibrationTarget t = method.equals("diffs") ? target(TensorKind.ACTIVATION, 8, method, "half_up", POWER_OF_TWO, false, true, "modal", false)
                    : floatActivation(method);
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> calibrate(method.equals("diffs") ? new DiffsCalibrator() : new PercentileCalibrator(), t, manager, List.of(v), null));
            assertTrue(e.getMessage().startsWith("t: holds -Infinity"), e.getMessage());
        }
    }

    @Test
    void chunkedWorkEqualsOnePass() {
        float[] v = gaussian(3 * Tensors.CHUNK + 17, 2, 5);
        Histogram h = new Histogram(v, Tensors.finiteRange(v, "v"));
        long[] expected = new long[Histogram.BINS];
        for (float f : v) {
            expected[Math.min(Histogram.BINS - 1, (int) (Math.abs(f) / h.width))]++;
        }
        assertTrue(java.util.Arrays.equals(expected, h.counts));
        CalibrationTarget t = target(TensorKind.ACTIVATION, 8, "diffs", "half_up", POWER_OF_TWO, false, true, "modal", false);
        List<QuantParams> candidates = POWER_OF_TWO.candidates(Tensors.finiteRange(v, "v"), t.spec());
        double[] errors = Tensors.squaredErrors(v, candidates, t.roundMode());
        for (int j = 0; j < candidates.size(); j++) {
            double sse = 0;
            float scale = candidates.get(j).scale(0);
            for (float x : v) {
                double d = Math.max(-128, Math.min(127, t.roundMode().round(x / scale))) * scale - x;
                sse += d * d;
            }
            assertEquals(sse, errors[j], 1e-9 * sse, "candidate " + j);
        }
        assertTrue(java.util.Arrays.equals(errors, Tensors.squaredErrors(v, candidates, t.roundMode())), "same result every time");
    }

    @Test
    void batchStatisticsCombineAsVitisDoes() {
        BatchStatistic modal = new BatchStatistic("modal");
        for (double v : new double[] {7, 5, 7, 5, 6}) {
            modal.add(v);
        }
        assertEquals(5, modal.result(), "tie between 5 and 7 goes to the smallest");
        BatchStatistic median = new BatchStatistic("median");
        for (double v : new double[] {4, 1, 3, 2}) {
            median.add(v);
        }
        assertEquals(2, median.result());
        BatchStatistic mean = new BatchStatistic("mean");
        mean.add(1);
        mean.add(2);
        assertEquals(1.5, mean.result());
        assertThrows(IllegalStateException.class, () -> new BatchStatistic("max").result());
    }
}
