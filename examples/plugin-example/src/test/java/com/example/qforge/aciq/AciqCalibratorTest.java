package com.example.qforge.aciq;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qforge.api.Calibrator;
import io.qforge.api.quant.QuantParams;
import io.qforge.testkit.CalibratorContract;
import java.util.List;
import org.junit.jupiter.api.Test;

/** aciq meets qforge's calibrator contract, and clips where the paper says. */
class AciqCalibratorTest extends CalibratorContract {

    @Override
    protected Calibrator calibrator() {
        return new AciqCalibrator();
    }

    @Test
    void clipsALaplaceTensorAtKTimesItsMeanAbsoluteValue() {
        List<float[]> data = distribution("laplace", 1, 1, 11);
        double meanAbs = 0;
        double maxAbs = 0;
        for (float v : data.get(0)) {
            meanAbs += Math.abs(v);
            maxAbs = Math.max(maxAbs, Math.abs(v));
        }
        meanAbs /= data.get(0).length;
        QuantParams p = calibrate(target("float"), data);
        double alpha = p.qmax() * (double) p.scale(0);
        // k(8) = 9.89; a sample this small rarely reaches 9.89 b, and then its largest value is the clip.
        assertEquals(Math.min(9.89 * meanAbs, maxAbs), alpha, 0.01 * alpha, "8-bit Laplace clip");
    }
}
