package io.qforge.plugin.calibrator;

import io.qforge.api.Calibrator;
import io.qforge.api.quant.QuantSpec;
import java.util.List;

/** The percentile calibrator against {@link ReferencePercentile}, at several percentages including 100 and exact CDF hits. */
class PercentileReferenceTest extends HistogramReferenceTest {

    @Override
    Calibrator calibrator() {
        return new PercentileCalibrator();
    }

    @Override
    double referenceThreshold(float[] batch, QuantSpec spec) {
        return ReferencePercentile.threshold(batch, spec.percentage());
    }

    @Override
    List<Double> percentages() {
        return List.of(99.99, 99.9, 99.0, 50.0, 100.0);
    }
}
