package com.example.qforge.aciq;

import ai.djl.ndarray.NDArray;
import io.qforge.api.Calibrator;
import io.qforge.api.quant.CalibrationTarget;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.quant.Range;
import io.qforge.api.quant.TensorObserver;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code aciq}: analytical clipping for integer quantization (Banner, Nahshan and Soudry, 2019).
 * It models a tensor as a Laplace distribution with scale b = E|x| and clips at alpha = k(bits) * b,
 * the clip that minimizes the expected squared error, or at the largest value when that is
 * smaller. Each batch gives an alpha; the result takes their median ("max" when the config's
 * calib_statistic_method asks for it). It keeps two numbers per batch, never the batch.
 */
public final class AciqCalibrator implements Calibrator {

    /** The Laplace clipping factor k for 2 to 8 bits, from the paper's table. */
    private static final double[] LAPLACE_K = {2.83, 3.89, 5.03, 6.20, 7.41, 8.64, 9.89};

    @Override
    public String name() {
        return "aciq";
    }

    @Override
    public String description() {
        return "ACIQ Laplace clipping, alpha = k(bits) * E|x| (example third-party plugin)";
    }

    @Override
    public TensorObserver newObserver(CalibrationTarget target) {
        if (target.spec().perChannel()) {
            throw new IllegalArgumentException(target.tensorName() + ": aciq calibrates per tensor; set per_channel false for it");
        }
        return new Observer(target);
    }

    static double clipFactor(int bits) {
        return LAPLACE_K[Math.max(2, Math.min(8, bits)) - 2];
    }

    private static final class Observer implements TensorObserver {
        private final CalibrationTarget target;
        private final List<Double> alphas = new ArrayList<>();
        private boolean negative;

        Observer(CalibrationTarget target) {
            this.target = target;
        }

        @Override
        public void observe(NDArray batch) {
            float[] values = batch.toFloatArray();
            double sumAbs = 0;
            double maxAbs = 0;
            for (float v : values) {
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException(target.tensorName() + ": holds " + v + "; aciq needs finite values");
                }
                double a = Math.abs(v);
                sumAbs += a;
                maxAbs = Math.max(maxAbs, a);
                negative |= v < 0;
            }
            double b = values.length == 0 ? 0 : sumAbs / values.length;
            alphas.add(Math.min(clipFactor(target.spec().bitWidth()) * b, maxAbs));
        }

        @Override
        public QuantParams result() {
            if (alphas.isEmpty()) {
                throw new IllegalStateException(target.tensorName() + ": no values were observed");
            }
            List<Double> sorted = new ArrayList<>(alphas);
            Collections.sort(sorted);
            double alpha = target.spec().statisticMethod().equals("max") ? sorted.get(sorted.size() - 1) : sorted.get((sorted.size() - 1) / 2);
            float a = (float) alpha;
            return target.scaleType().fromRange(new Range(negative ? -a : 0f, a), target.spec());
        }
    }
}
