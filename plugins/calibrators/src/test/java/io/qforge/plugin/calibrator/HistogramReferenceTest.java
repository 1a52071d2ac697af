package io.qforge.plugin.calibrator;

import static io.qforge.plugin.calibrator.CalibratorTestSupport.FLOAT;
import static io.qforge.plugin.calibrator.CalibratorTestSupport.POWER_OF_TWO;
import static io.qforge.plugin.calibrator.CalibratorTestSupport.ROUND_MODES;
import static io.qforge.plugin.calibrator.CalibratorTestSupport.calibrate;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qforge.api.Calibrator;
import io.qforge.api.ScaleType;
import io.qforge.api.quant.CalibrationTarget;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.quant.QuantSpec;
import io.qforge.api.quant.TensorKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the reference tests of the histogram methods share: the calibrator against its reference
 * on every tensor of {@link ReferenceTensors#withEdgeCases()}, at 4, 8 and 16 bits, with one batch
 * (float scale and power of two) and with three batches under each statistic. The params must be
 * equal, bit for bit.
 */
abstract class HistogramReferenceTest extends ArraysPerClass {

    abstract Calibrator calibrator();

    /** The reference's threshold for one batch under {@code spec}. */
    abstract double referenceThreshold(float[] batch, QuantSpec spec);

    /** The round modes that may change the result; one is enough for a method that never rounds. */
    List<String> roundModes() {
        return List.of("half_even");
    }

    /** The percentages that may change the result; one is enough for a method that ignores it. */
    List<Double> percentages() {
        return List.of(99.99);
    }

    static CalibrationTarget target(TensorKind kind, int bits, String method, String round, ScaleType scale, String statistic, double percentage) {
        QuantSpec spec = new QuantSpec(kind, bits, method, round, scale.name(), true, false, true, false, statistic, percentage);
        return new CalibrationTarget("t", spec, ROUND_MODES.get(round), scale, false);
    }

    @Test
    void oneBatchGivesTheReferenceParams() {
        for (Map.Entry<String, float[]> t : ReferenceTensors.withEdgeCases().entrySet()) {
            for (int bits : new int[] {4, 8, 16}) {
                for (String mode : roundModes()) {
                    for (double percentage : percentages()) {
                        for (ScaleType scale : List.of(FLOAT, POWER_OF_TWO)) {
                            CalibrationTarget target = target(TensorKind.WEIGHTS, bits, calibrator().name(), mode, scale, "modal", percentage);
                            QuantParams expected = ReferenceScale.params(referenceThreshold(t.getValue(), target.spec()), bits, scale.powerOfTwo());
                            assertEquals(expected, calibrate(calibrator(), target, manager, List.of(t.getValue()), null),
                                    t.getKey() + ", " + bits + " bits, " + mode + ", " + percentage + " %, " + scale.name());
                        }
                    }
                }
            }
        }
    }

    @Test
    void batchesCombineByTheStatistic() {
        for (Map.Entry<String, float[]> t : ReferenceTensors.withEdgeCases().entrySet()) {
            List<float[]> batches = ReferenceTensors.threeBatches(t.getValue());
            for (int bits : new int[] {4, 8, 16}) {
                for (String mode : roundModes()) {
                    for (double percentage : percentages()) {
                        double[] perBatch = null;
                        for (String statistic : List.of("max", "mean", "median", "modal")) {
                            CalibrationTarget target = target(TensorKind.ACTIVATION, bits, calibrator().name(), mode, FLOAT, statistic, percentage);
                            if (perBatch == null) {
                                perBatch = batches.stream().mapToDouble(b -> referenceThreshold(b, target.spec())).toArray();
                            }
                            // docs/calibration.md: for a threshold, modal counts as max.
                            double combined = ReferenceStatistic.combine(perBatch, statistic.equals("modal") ? "max" : statistic);
                            assertEquals(ReferenceScale.floatParams(combined, bits), calibrate(calibrator(), target, manager, batches, null),
                                    t.getKey() + ", " + bits + " bits, " + mode + ", " + percentage + " %, " + statistic);
                        }
                    }
                }
            }
        }
    }
}
