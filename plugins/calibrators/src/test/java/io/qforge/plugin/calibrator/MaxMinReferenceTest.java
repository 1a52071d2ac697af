package io.qforge.plugin.calibrator;

import static io.qforge.plugin.calibrator.CalibratorTestSupport.FLOAT;
import static io.qforge.plugin.calibrator.CalibratorTestSupport.POWER_OF_TWO;
import static io.qforge.plugin.calibrator.CalibratorTestSupport.calibrate;
import static io.qforge.plugin.calibrator.CalibratorTestSupport.target;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qforge.api.quant.CalibrationTarget;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.quant.TensorKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The maxmin calibrator against {@link ReferenceMaxMin} on every tensor of {@link
 * ReferenceTensors#withEdgeCases()}: fix positions (one batch, and three combined by modal, the
 * only statistic power of two allows), float scales (one batch, and three under each statistic),
 * and per-channel weights. The params must be equal, bit for bit.
 */
class MaxMinReferenceTest extends ArraysPerClass {

    @Test
    void fixPositionsAgreeWithTheReference() {
        for (Map.Entry<String, float[]> t : ReferenceTensors.withEdgeCases().entrySet()) {
            List<float[]> batches = ReferenceTensors.threeBatches(t.getValue());
            for (int bits : new int[] {4, 8, 16}) {
                String what = t.getKey() + ", " + bits + " bits";
                CalibrationTarget weights = target(TensorKind.WEIGHTS, bits, "maxmin", "std_round", POWER_OF_TWO, false, true, "modal", false);
                assertEquals(fixPosition(ReferenceMaxMin.fixPosition(t.getValue(), bits), bits),
                        calibrate(new MaxMinCalibrator(), weights, manager, List.of(t.getValue()), null), what);
                double[] perBatch = batches.stream().mapToDouble(b -> ReferenceMaxMin.fixPosition(b, bits)).toArray();
                CalibrationTarget act = target(TensorKind.ACTIVATION, bits, "maxmin", "half_up", POWER_OF_TWO, false, true, "modal", false);
                assertEquals(fixPosition((int) ReferenceStatistic.combine(perBatch, "modal"), bits),
                        calibrate(new MaxMinCalibrator(), act, manager, batches, null), what + ", three batches");
            }
        }
    }

    @Test
    void floatScalesAgreeWithTheReference() {
        for (Map.Entry<String, float[]> t : ReferenceTensors.withEdgeCases().entrySet()) {
            List<float[]> batches = ReferenceTensors.threeBatches(t.getValue());
            double[] perBatch = batches.stream().mapToDouble(ReferenceMaxMin::absMax).toArray();
            for (int bits : new int[] {4, 8, 16}) {
                CalibrationTarget weights = target(TensorKind.WEIGHTS, bits, "maxmin", "half_even", FLOAT, false, true, "max", false);
                assertEquals(ReferenceScale.floatParams(ReferenceMaxMin.absMax(t.getValue()), bits),
                        calibrate(new MaxMinCalibrator(), weights, manager, List.of(t.getValue()), null), t.getKey() + ", " + bits + " bits");
                for (String statistic : List.of("max", "mean", "median", "modal")) {
                    CalibrationTarget act = target(TensorKind.ACTIVATION, bits, "maxmin", "half_even", FLOAT, false, true, statistic, false);
                    // docs/calibration.md: for a float range, modal counts as max.
                    double combined = ReferenceStatistic.combine(perBatch, statistic.equals("modal") ? "max" : statistic);
                    assertEquals(ReferenceScale.floatParams(combined, bits), calibrate(new MaxMinCalibrator(), act, manager, batches, null),
                            t.getKey() + ", " + bits + " bits, three batches, " + statistic);
                }
            }
        }
    }

    @Test
    void meanOfBatchesAveragesEachBatchsLargestMagnitude() {
        // Vitis AI averages the per-batch scales: (4 + 4) / 2, not the range [-2.5, 2.5] of the averaged minima and maxima.
        CalibrationTarget act = target(TensorKind.ACTIVATION, 8, "maxmin", "half_even", FLOAT, false, true, "mean", false);
        QuantParams p = calibrate(new MaxMinCalibrator(), act, manager, List.of(new float[] {-4f, 1f}, new float[] {-1f, 4f}), null);
        assertEquals(4f / 127, p.scale(0));
    }

    @Test
    void perChannelWeightsAgreeWithTheReference() {
        for (Map.Entry<String, float[]> t : ReferenceTensors.withEdgeCases().entrySet()) {
            float[] v = t.getValue();
            int channels = v.length % 4 == 0 ? 4 : v.length % 3 == 0 ? 3 : 1;
            int size = v.length / channels;
            for (int bits : new int[] {4, 8, 16}) {
                QuantParams[] floats = new QuantParams[channels];
                QuantParams[] positions = new QuantParams[channels];
                for (int c = 0; c < channels; c++) {
                    float[] channel = java.util.Arrays.copyOfRange(v, c * size, (c + 1) * size);
                    floats[c] = ReferenceScale.floatParams(ReferenceMaxMin.absMax(channel), bits);
                    positions[c] = fixPosition(ReferenceMaxMin.fixPosition(channel, bits), bits);
                }
                long[] shape = {channels, size};
                String what = t.getKey() + ", " + channels + " channels, " + bits + " bits";
                assertEquals(QuantParams.perChannel(floats, 0), calibrate(new MaxMinCalibrator(),
                        target(TensorKind.WEIGHTS, bits, "maxmin", "half_even", FLOAT, true, true, "max", false), manager, List.of(v), shape), what);
                assertEquals(QuantParams.perChannel(positions, 0), calibrate(new MaxMinCalibrator(),
                        target(TensorKind.WEIGHTS, bits, "maxmin", "std_round", POWER_OF_TWO, true, true, "modal", false), manager, List.of(v), shape), what);
            }
        }
    }

    private static QuantParams fixPosition(int fp, int bits) {
        return QuantParams.fixPosition(fp, ReferenceDiffs.qmin(bits), ReferenceDiffs.qmax(bits));
    }
}
