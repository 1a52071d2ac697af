package io.qforge.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.qforge.api.Calibrator;
import io.qforge.api.RoundMode;
import io.qforge.api.ScaleType;
import io.qforge.api.quant.CalibrationTarget;
import io.qforge.api.quant.MergeableObserver;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.quant.QuantSpec;
import io.qforge.api.quant.TensorKind;
import io.qforge.api.quant.TensorObserver;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract of a calibrator whose observers merge ({@link MergeableObserver}), which
 * distributed calibration needs: a stream of batches cut into consecutive shards in every way
 * tried, each shard observed by a fresh observer, its statistics sent through Java serialization
 * and merged in stream order, into the first shard's observer or into one that observed nothing,
 * gives exactly the result of one observer over the whole stream. Also: statistics are a snapshot (observing more does not change
 * them), and foreign statistics are refused. Extend it and return your calibrator:
 *
 * <pre>{@code
 * class AciqMergeTest extends MergeableObserverContract {
 *     protected Calibrator calibrator() { return new AciqCalibrator(); }
 * }
 * }</pre>
 *
 * <p>The targets are 8-bit signed activations with each scale type of {@link #scaleTypes()},
 * each {@code calib_statistic_method}, and per-batch and accumulated histograms; override {@link
 * #targets()} to narrow or widen them, and {@link #perChannelWeights()} when per-channel
 * weights are supported.
 */
public abstract class MergeableObserverContract extends NDManagerPerClass {

    /** Batches in the stream: enough for shards of one, two and three batches. */
    private static final int BATCHES = 6;

    /** How the stream is cut: sizes of consecutive shards. */
    private static final int[][] SPLITS = {{1, 5}, {2, 4}, {3, 3}, {5, 1}, {2, 2, 2}, {1, 2, 3}, {1, 1, 1, 1, 1, 1}};

    protected abstract Calibrator calibrator();

    /** The scale types the calibrator supports; both built-in ones by default. */
    protected List<String> scaleTypes() {
        return List.of("power_of_two", "float");
    }

    /** The targets every split is checked on. */
    protected List<CalibrationTarget> targets() {
        List<CalibrationTarget> out = new ArrayList<>();
        for (String scaleType : scaleTypes()) {
            for (String statistic : List.of("modal", "max", "mean", "median")) {
                for (boolean accumulate : new boolean[] {false, true}) {
                    out.add(target(scaleType, statistic, TensorKind.ACTIVATION, false, accumulate));
                }
            }
            if (perChannelWeights()) {
                out.add(target(scaleType, "modal", TensorKind.WEIGHTS, true, false));
            }
        }
        return out;
    }

    /** Whether the calibrator takes per-channel weights (axis 0), which the targets then include. */
    protected boolean perChannelWeights() {
        return false;
    }

    /** An 8-bit signed symmetric target of this calibrator. */
    protected CalibrationTarget target(String scaleType, String statistic, TensorKind kind, boolean perChannel, boolean accumulate) {
        ScaleType scale = Plugins.find(ScaleType.class, scaleType);
        String roundName = scaleType.equals("power_of_two") ? "half_up" : "half_even";
        RoundMode round = Plugins.find(RoundMode.class, roundName);
        QuantSpec spec = new QuantSpec(kind, 8, calibrator().name(), roundName, scale.name(), true, perChannel, true, false, statistic, 99.99);
        return new CalibrationTarget("t", spec, round, scale, false, accumulate);
    }

    /** Batches whose scale changes from one to the next (the range grows mid-stream and shrinks again), 16 channels first. */
    protected static List<float[]> stream(String kind) {
        double[] scales = {1, 0.7, 3, 1.3, 0.4, 2};
        List<float[]> out = new ArrayList<>();
        for (int b = 0; b < BATCHES; b++) {
            out.add(CalibratorContract.distribution(kind, scales[b], 1, 100 + b).get(0));
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"gaussian", "laplace", "relu"})
    void everySplitOfTheStreamMergedGivesTheResultOfOnePass(String kind) {
        List<float[]> batches = stream(kind);
        for (CalibrationTarget target : targets()) {
            QuantParams onePass = result(observe(target, batches));
            for (int[] split : SPLITS) {
                MergeableObserver first = null;
                MergeableObserver fresh = observe(target, List.of());
                int from = 0;
                for (int size : split) {
                    MergeableObserver shard = observe(target, batches.subList(from, from + size));
                    from += size;
                    fresh.merge(travelled(shard.statistics()));
                    if (first == null) {
                        first = shard;
                    } else {
                        first.merge(travelled(shard.statistics()));
                    }
                }
                assertEquals(onePass, result(first), describe(target) + ", shards " + Arrays.toString(split)
                        + ": merged into the first shard's observer, shards must give the one-pass result");
                assertEquals(onePass, result(fresh), describe(target) + ", shards " + Arrays.toString(split)
                        + ": merged into an observer that observed nothing, shards must give the one-pass result");
            }
        }
    }

    @Test
    void statisticsAreASnapshot() {
        List<float[]> batches = stream("gaussian");
        for (CalibrationTarget target : targets()) {
            MergeableObserver o = observe(target, batches.subList(0, 2));
            Serializable before = o.statistics();
            byte[] bytes = serialized(before);
            feed(o, batches.subList(2, BATCHES));
            assertArrayEquals(bytes, serialized(before), describe(target) + ": observing more changed statistics taken before");
        }
    }

    @Test
    void foreignStatisticsAreRefused() {
        for (CalibrationTarget target : targets()) {
            MergeableObserver o = observe(target, stream("gaussian").subList(0, 1));
            assertThrows(IllegalArgumentException.class, () -> o.merge("not statistics"), describe(target)
                    + ": merging statistics of another kind must be refused with an IllegalArgumentException");
        }
    }

    private MergeableObserver observe(CalibrationTarget target, List<float[]> batches) {
        TensorObserver o = calibrator().newObserver(target);
        if (!(o instanceof MergeableObserver m)) {
            fail(calibrator().name() + "'s observer for " + describe(target) + " is a " + o.getClass().getName()
                    + ", not a MergeableObserver: distributed calibration cannot merge it");
            return null;
        }
        feed(m, batches);
        return m;
    }

    private void feed(TensorObserver o, List<float[]> batches) {
        for (float[] b : batches) {
            try (NDManager scope = manager().newSubManager()) {
                o.observe(scope.create(b, new Shape(16, CalibratorContract.BATCH / 16)));
            }
        }
    }

    private static QuantParams result(TensorObserver o) {
        return travelled(o.result());
    }

    private static String describe(CalibrationTarget t) {
        return t.spec().kind() + " " + t.spec().scaleType() + (t.spec().perChannel() ? " per channel" : "") + ", " + t.spec().statisticMethod()
                + (t.accumulateHistograms() ? ", accumulated" : "");
    }

    /** Through Java serialization and back, as statistics travel between processes. */
    @SuppressWarnings("unchecked")
    private static <T extends Serializable> T travelled(T value) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(serialized(value)))) {
            return (T) in.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] serialized(Serializable value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertTrue(bytes.size() > 0);
        return bytes.toByteArray();
    }
}
