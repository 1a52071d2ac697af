package io.qforge.plugin.calibrator;

import static io.qforge.plugin.calibrator.CalibratorTestSupport.POWER_OF_TWO;
import static io.qforge.plugin.calibrator.CalibratorTestSupport.calibrate;
import static io.qforge.plugin.calibrator.CalibratorTestSupport.target;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qforge.api.RoundMode;
import io.qforge.api.quant.CalibrationTarget;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.quant.TensorKind;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The diffs calibrator and the round modes against the independent reference of REFERENCE.md §3,
 * on generated tensors: fix positions and every quantized integer must agree.
 */
class DiffsReferenceTest extends ArraysPerClass {

    @Test
    void roundModesAgreeWithExactDecimalRounding() {
        for (float[] v : ReferenceTensors.generated().values()) {
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
        for (Map.Entry<String, float[]> t : ReferenceTensors.generated().entrySet()) {
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
        float[] v = ReferenceTensors.generated().get("outliers");
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
