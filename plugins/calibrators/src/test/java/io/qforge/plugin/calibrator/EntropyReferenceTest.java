package io.qforge.plugin.calibrator;

import static io.qforge.plugin.calibrator.CalibratorTestSupport.FLOAT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qforge.api.Calibrator;
import io.qforge.api.quant.CalibrationTarget;
import io.qforge.api.quant.QuantSpec;
import io.qforge.api.quant.TensorKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The entropy calibrator against {@link ReferenceEntropy}, signed and unsigned. */
class EntropyReferenceTest extends HistogramReferenceTest {

    @Override
    Calibrator calibrator() {
        return new EntropyCalibrator();
    }

    @Override
    double referenceThreshold(float[] batch, QuantSpec spec) {
        return ReferenceEntropy.threshold(batch, spec.bitWidth(), spec.signed());
    }

    /** Unsigned grids have twice the levels; the threshold is compared, since the scale type owns an unsigned grid's params. */
    @Test
    void unsignedThresholdsUseTwiceTheLevels() {
        for (Map.Entry<String, float[]> t : ReferenceTensors.withEdgeCases().entrySet()) {
            float[] v = t.getValue();
            for (int bits : new int[] {4, 8, 12}) {
                CalibrationTarget target = target(TensorKind.ACTIVATION, bits, "entropy", "half_even", FLOAT, "max", 99.99);
                CalibrationTarget unsigned = new CalibrationTarget("t", target.spec().withSigned(false), target.roundMode(), FLOAT, false);
                Histogram h = new Histogram(v, Tensors.finiteRange(v, "t"));
                double expected = ReferenceEntropy.threshold(v, bits, false);
                assertEquals(expected, h.amax == 0 ? 0 : new EntropyCalibrator().threshold(h, unsigned), t.getKey() + ", " + bits + " bits unsigned");
            }
        }
    }
}
