package io.qforge.testkit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.qforge.api.Calibrator;
import io.qforge.api.RoundMode;
import io.qforge.api.ScaleType;
import io.qforge.api.quant.CalibrationTarget;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.quant.QuantSpec;
import io.qforge.api.quant.TensorKind;
import io.qforge.api.quant.TensorObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract of a {@link Calibrator}. Extend it in your plugin's tests and return your
 * calibrator from {@link #calibrator()}:
 *
 * <pre>{@code
 * class AciqCalibratorTest extends CalibratorContract {
 *     protected Calibrator calibrator() { return new AciqCalibrator(); }
 * }
 * }</pre>
 *
 * <p>It feeds known distributions (Gaussian, Laplace, uniform, one-sided ReLU outputs) through
 * activation observers with the built-in {@code power_of_two} and {@code float} scale types, and
 * checks: the name; results on the spec's integer grid; determinism; that a stream of copies of
 * a batch gives that batch's one-shot result; that the kept range grows with the data's scale
 * (monotonicity); that results do not need the arrays once observed (no activation retained);
 * that the range keeps the bulk of the data; and that an all-zero tensor still calibrates.
 * Override {@link #scaleTypes()} when your calibrator supports only some scale types.
 */
public abstract class CalibratorContract extends NDManagerPerClass {

    /** Values per batch: enough for stable histograms, small enough for a quick test. */
    protected static final int BATCH = 8 * 16 * 8 * 8;

    /** The calibrator under test. */
    protected abstract Calibrator calibrator();

    /** The scale types the calibrator supports; both built-in ones by default. */
    protected List<String> scaleTypes() {
        return List.of("power_of_two", "float");
    }

    /** A known distribution, scaled by {@code scale}, as {@code batches} batches drawn with {@code seed}. */
    protected static List<float[]> distribution(String kind, double scale, int batches, long seed) {
        Random random = new Random(seed);
        List<float[]> out = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            float[] v = new float[BATCH];
            for (int i = 0; i < v.length; i++) {
                double x = switch (kind) {
                    case "gaussian" -> random.nextGaussian();
                    case "laplace" -> {
                        double u = random.nextDouble() - 0.5;
                        yield -Math.signum(u) * Math.log(1 - 2 * Math.abs(u));
                    }
                    case "uniform" -> 2 * random.nextDouble() - 1;
                    case "relu" -> Math.max(0, random.nextGaussian());
                    default -> throw new IllegalArgumentException(kind);
                };
                v[i] = (float) (x * scale);
            }
            out.add(v);
        }
        return out;
    }

    /** An 8-bit signed symmetric activation target named {@code t} with the given scale type. */
    protected CalibrationTarget target(String scaleType) {
        ScaleType scale = Plugins.find(ScaleType.class, scaleType);
        String roundName = scaleType.equals("power_of_two") ? "half_up" : "half_even";
        RoundMode round = Plugins.find(RoundMode.class, roundName);
        QuantSpec spec = new QuantSpec(TensorKind.ACTIVATION, 8, calibrator().name(), roundName, scale.name(), true, false, true, false,
                "modal", 99.99);
        return new CalibrationTarget("t", spec, round, scale, false);
    }

    /** Feeds {@code batches}, each as an NDArray closed right after it is observed, and returns the result. */
    protected QuantParams calibrate(CalibrationTarget target, List<float[]> batches) {
        TensorObserver observer = calibrator().newObserver(target);
        for (float[] b : batches) {
            try (NDManager scope = manager().newSubManager()) {
                observer.observe(scope.create(b, new Shape(8, 16, 8, 8)));
            }
        }
        return observer.result();
    }

    private static double keptMax(QuantParams p) {
        return (p.qmax() - p.zeroPoint(0)) * (double) p.scale(0);
    }

    private static double keptMin(QuantParams p) {
        return (p.qmin() - p.zeroPoint(0)) * (double) p.scale(0);
    }

    @Test
    void nameIsAConfigWord() {
        PluginNames.check(calibrator());
    }

    @ParameterizedTest
    @ValueSource(strings = {"gaussian", "laplace", "uniform", "relu"})
    void resultIsOnTheSpecsGrid(String kind) {
        for (String scaleType : scaleTypes()) {
            CalibrationTarget target = target(scaleType);
            QuantParams p = calibrate(target, distribution(kind, 1, 3, 1));
            assertEquals(target.spec().qmin(), p.qmin(), scaleType + ": qmin of the spec's 8-bit signed grid");
            assertEquals(target.spec().qmax(), p.qmax(), scaleType + ": qmax of the spec's 8-bit signed grid");
            assertTrue(p.isPerTensor(), scaleType + ": an activation gets per-tensor params");
            assertEquals(scaleType.equals("power_of_two"), p.isPowerOfTwo(), scaleType + ": power_of_two results carry a fix position");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gaussian", "laplace", "relu"})
    void sameDataGivesTheSameResult(String kind) {
        for (String scaleType : scaleTypes()) {
            List<float[]> data = distribution(kind, 1, 4, 2);
            assertEquals(calibrate(target(scaleType), data), calibrate(target(scaleType), data), scaleType + ": two fresh observers, same stream");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gaussian", "laplace", "uniform", "relu"})
    void aStreamOfCopiesOfABatchGivesThatBatchsOneShotResult(String kind) {
        for (String scaleType : scaleTypes()) {
            float[] batch = distribution(kind, 1, 1, 3).get(0);
            QuantParams oneShot = calibrate(target(scaleType), List.of(batch));
            QuantParams streamed = calibrate(target(scaleType), List.of(batch, batch.clone(), batch.clone(), batch.clone(), batch.clone()));
            assertEquals(oneShot, streamed, scaleType + ": five batches of the same values must calibrate as the one batch does");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gaussian", "laplace", "uniform", "relu"})
    void keptRangeGrowsWithTheDataScale(String kind) {
        for (String scaleType : scaleTypes()) {
            double previous = 0;
            double first = 0;
            for (int k = 0; k <= 4; k++) {
                double s = Math.pow(2, k);
                double kept = keptMax(calibrate(target(scaleType), distribution(kind, s, 2, 4)));
                assertTrue(kept >= previous, scaleType + ": data scaled by " + s + " kept up to " + kept + ", less than " + previous
                        + " at half that scale: the range must not shrink as the data grows");
                if (k == 0) {
                    first = kept;
                }
                previous = kept;
            }
            assertTrue(previous > 4 * first, scaleType + ": data 16 times larger must keep a range more than 4 times larger ("
                    + first + " -> " + previous + ")");
        }
    }

    @Test
    void resultDoesNotNeedTheObservedArrays() {
        for (String scaleType : scaleTypes()) {
            List<float[]> data = distribution("gaussian", 1, 3, 5);
            TensorObserver observer = calibrator().newObserver(target(scaleType));
            NDManager scope = manager().newSubManager();
            for (float[] b : data) {
                NDArray a = scope.create(b, new Shape(8, 16, 8, 8));
                observer.observe(a);
            }
            // Closing frees the native memory: an observer that kept an array and reads it in result() fails here.
            scope.close();
            QuantParams after = assertDoesNotThrow(observer::result, scaleType + ": result() after the observed arrays were closed");
            assertEquals(calibrate(target(scaleType), data), after, scaleType + ": same result as with arrays closed batch by batch");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gaussian", "uniform"})
    void keptRangeHoldsTheBulkOfTheData(String kind) {
        for (String scaleType : scaleTypes()) {
            List<float[]> data = distribution(kind, 1, 2, 6);
            QuantParams p = calibrate(target(scaleType), data);
            long inside = 0;
            long total = 0;
            for (float[] b : data) {
                for (float v : b) {
                    total++;
                    if (v >= keptMin(p) && v <= keptMax(p)) {
                        inside++;
                    }
                }
            }
            assertTrue(inside >= 0.9 * total, scaleType + ": the kept range [" + keptMin(p) + ", " + keptMax(p) + "] holds only "
                    + inside + " of " + total + " values; a calibrator may clip tails, not the bulk");
        }
    }

    @Test
    void allZeroTensorStillCalibrates() {
        for (String scaleType : scaleTypes()) {
            QuantParams p = calibrate(target(scaleType), List.of(new float[BATCH], new float[BATCH]));
            assertTrue(p.scale(0) > 0 && Float.isFinite(p.scale(0)), scaleType + ": a dead activation still needs a usable scale, got " + p);
        }
    }
}
