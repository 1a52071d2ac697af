package io.qforge.plugin.calibrator;

import static io.qforge.plugin.calibrator.CalibratorTestSupport.POWER_OF_TWO;
import static io.qforge.plugin.calibrator.CalibratorTestSupport.calibrate;
import static io.qforge.plugin.calibrator.CalibratorTestSupport.target;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import io.qforge.api.RoundMode;
import io.qforge.api.quant.CalibrationTarget;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.quant.TensorKind;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The diffs calibrator and the round modes against the independent reference of REFERENCE.md §3,
 * on generated tensors: fix positions and every quantized integer must agree.
 */
class DiffsReferenceTest {

    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** The generated tensors, by name. */
    static Map<String, float[]> tensors() {
        Random r = new Random(2026);
        int n = 3000;
        Map<String, float[]> t = new LinkedHashMap<>();
        float[] normal = new float[n];
        float[] relu = new float[n];
        float[] laplace = new float[n];
        float[] outliers = new float[n];
        float[] tiny = new float[n];
        for (int i = 0; i < n; i++) {
            normal[i] = (float) r.nextGaussian();
            relu[i] = Math.max(0f, (float) r.nextGaussian() * 2);
            double u = r.nextDouble() - 0.5;
            laplace[i] = (float) (-Math.signum(u) * Math.log(1 - 2 * Math.abs(u)) * 0.3);
            outliers[i] = (float) (r.nextGaussian() * 0.1) + (i % 500 == 0 ? 9f : 0f);
            tiny[i] = (float) (r.nextGaussian() * 1e-5);
        }
        t.put("normal", normal);
        t.put("relu", relu);
        t.put("laplace", laplace);
        t.put("outliers", outliers);
        t.put("all-zero", new float[n]);
        float[] constant = new float[n];
        Arrays.fill(constant, 0.7f);
        t.put("constant", constant);
        t.put("tiny", tiny);
        // Exact halves at the scales the search tries: k / 2^(f+1) for several f.
        float[] halves = new float[n];
        for (int i = 0; i < n; i++) {
            int f = 2 + i % 6;
            halves[i] = (float) ((i % 41 - 20) + 0.5) / (1 << f);
        }
        t.put("halves", halves);
        return t;
    }

    @Test
    void roundModesAgreeWithExactDecimalRounding() {
        for (float[] v : tensors().values()) {
            for (Map.Entry<String, RoundMode> m : CalibratorTestSupport.ROUND_MODES.entrySet()) {
                for (int scaleExp = -2; scaleExp <= 12; scaleExp += 7) {
                    for (float x : v) {
                        float scaled = (float) (x * Math.pow(2, scaleExp));
                        assertEquals(ReferenceDiffs.round(scaled, m.getKey()), (long) m.getValue().round(scaled), m.getKey() + " of " + scaled);
                    }
                }
            }
        }
    }

    @Test
    void diffsFixPositionsAndIntegersAgreeWithTheReference() {
        DiffsCalibrator diffs = new DiffsCalibrator();
        for (Map.Entry<String, float[]> t : tensors().entrySet()) {
            for (int bits : new int[] {4, 8, 16}) {
                for (String mode : List.of("std_round", "half_up", "half_even")) {
                    float[] v = t.getValue();
                    CalibrationTarget target = target(TensorKind.WEIGHTS, bits, "diffs", mode, POWER_OF_TWO, false, true, "modal", false);
                    QuantParams p = calibrate(diffs, target, manager, List.of(v), null);
                    int expected = ReferenceDiffs.diffs(v, bits, mode);
                    String what = t.getKey() + ", " + bits + " bits, " + mode;
                    assertEquals(expected, (int) p.fixPosition(0).orElseThrow(), what);
                    RoundMode round = CalibratorTestSupport.ROUND_MODES.get(mode);
                    for (float x : v) {
                        long q = Math.max(p.qmin(), Math.min(p.qmax(), (long) round.round(x / p.scale(0))));
                        assertEquals(ReferenceDiffs.quantize(x, expected, bits, mode), q, what + ", x = " + x);
                    }
                }
            }
        }
    }

    @Test
    void modelInputsTakeTheFirstFixPositionAlone() {
        float[] v = tensors().get("outliers");
        CalibrationTarget input = target(TensorKind.INPUT, 8, "diffs", "std_round", POWER_OF_TWO, false, true, "modal", true);
        QuantParams p = calibrate(new DiffsCalibrator(), input, manager, List.of(v), null);
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float x : v) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        assertEquals(ReferenceDiffs.clamp(ReferenceDiffs.firstFixPosition(min, max, 8), 8), (int) p.fixPosition(0).orElseThrow());
    }

    @Test
    void activationsTakeTheModalFixPositionOverBatchesTiesToTheSmallest() {
        Random r = new Random(4);
        float[][] batches = new float[4][];
        // Two batches at each of two scales: a tie, which goes to the smaller fix position.
        for (int b = 0; b < 4; b++) {
            float scale = b < 2 ? 1f : 8f;
            batches[b] = new float[500];
            for (int i = 0; i < 500; i++) {
                batches[b][i] = (float) r.nextGaussian() * scale;
            }
        }
        CalibrationTarget act = target(TensorKind.ACTIVATION, 8, "diffs", "half_up", POWER_OF_TWO, false, true, "modal", false);
        QuantParams p = calibrate(new DiffsCalibrator(), act, manager, List.of(batches), null);
        int a = ReferenceDiffs.diffs(batches[0], 8, "half_up");
        int b = ReferenceDiffs.diffs(batches[1], 8, "half_up");
        int c = ReferenceDiffs.diffs(batches[2], 8, "half_up");
        int d = ReferenceDiffs.diffs(batches[3], 8, "half_up");
        assertEquals(a, b, "the small batches agree");
        assertEquals(c, d, "the large batches agree");
        assertEquals(Math.min(a, c), (int) p.fixPosition(0).orElseThrow());
    }
}
