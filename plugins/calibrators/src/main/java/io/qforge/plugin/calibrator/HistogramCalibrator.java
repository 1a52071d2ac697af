package io.qforge.plugin.calibrator;

import ai.djl.ndarray.NDArray;
import io.qforge.api.Calibrator;
import io.qforge.api.quant.CalibrationTarget;
import io.qforge.api.quant.MergeableObserver;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.quant.QuantSpec;
import io.qforge.api.quant.Range;
import io.qforge.api.quant.TensorObserver;
import java.io.Serializable;

/**
 * The histogram methods (percentile, mse, entropy): each batch's |x| goes into a 2048-bin
 * histogram, the method picks a clipping threshold from it, and the per-batch thresholds are
 * combined with {@code calib_statistic_method} (max, mean or median; modal counts as max). The
 * threshold t becomes the range [-t, t], or [0, t] for an unsigned grid. Only the thresholds
 * are kept between batches. With {@code "histograms": "accumulated"} in the run config's
 * calibration section, one {@link AccumulatedHistogram} spans all batches instead and gives one
 * threshold. Observers merge ({@link MergeableObserver}): per-batch thresholds by appending them
 * in order, accumulated histograms bin by bin.
 */
abstract class HistogramCalibrator implements Calibrator {

    /** The threshold the method picks for one batch's histogram under {@code target}. */
    abstract double threshold(Histogram h, CalibrationTarget target);

    @Override
    public final TensorObserver newObserver(CalibrationTarget target) {
        if (target.spec().perChannel()) {
            throw new IllegalArgumentException(target.tensorName() + ": " + name() + " is per tensor; per-channel weights use maxmin or diffs");
        }
        if (target.accumulateHistograms()) {
            AccumulatedHistogram all = new AccumulatedHistogram();
            return new MergeableObserver() {
                @Override
                public void observe(NDArray batch) {
                    float[] values = Tensors.values(batch);
                    all.add(values, Tensors.finiteRange(values, target.tensorName()));
                }

                @Override
                public Serializable statistics() {
                    return all.statistics();
                }

                @Override
                public void merge(Serializable later) {
                    all.merge(MergedStatistics.as(later, AccumulatedHistogram.Statistics.class, target));
                }

                @Override
                public QuantParams result() {
                    Histogram h = all.histogram();
                    return paramsFor(h.amax == 0 ? 0 : threshold(h, target), target);
                }
            };
        }
        String statistic = target.spec().statisticMethod().equals("modal") ? "max" : target.spec().statisticMethod();
        BatchStatistic thresholds = new BatchStatistic(statistic);
        return new MergeableObserver() {
            @Override
            public void observe(NDArray batch) {
                float[] values = Tensors.values(batch);
                Histogram h = new Histogram(values, Tensors.finiteRange(values, target.tensorName()));
                thresholds.add(h.amax == 0 ? 0 : threshold(h, target));
            }

            @Override
            public Serializable statistics() {
                return new Thresholds(thresholds.values());
            }

            @Override
            public void merge(Serializable later) {
                thresholds.addAll(MergedStatistics.as(later, Thresholds.class, target).perBatch());
            }

            @Override
            public QuantParams result() {
                return paramsFor(thresholds.result(), target);
            }
        };
    }

    /** A shard's per-batch thresholds, in stream order. */
    private record Thresholds(double[] perBatch) implements Serializable {}

    static QuantParams paramsFor(double threshold, CalibrationTarget target) {
        QuantSpec spec = target.spec();
        float t = (float) threshold;
        return target.scaleType().fromRange(new Range(spec.signed() ? -t : 0f, t), spec);
    }
}
