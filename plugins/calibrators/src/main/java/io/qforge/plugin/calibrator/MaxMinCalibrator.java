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
import java.util.Arrays;

/**
 * {@code maxmin}: the observed range, quantized by the scale type. Power of two takes fix
 * position fp0 alone (REFERENCE.md §3). Activations and inputs get a result per batch, combined
 * by {@code calib_statistic_method}, as Vitis AI combines per-batch results: a fix position by
 * its statistic; a symmetric float range by the statistic of the batches' max |x| (each batch's
 * scale is its max |x| / qmax); an asymmetric float range by the statistic of the batch minima
 * and maxima (max: the union of the ranges). For a float range {@code modal} counts as {@code
 * max}. Weights may be per channel (axis 0). Observers merge ({@link MergeableObserver}): per
 * tensor by appending the per-batch results, per channel by the minima and maxima.
 */
public final class MaxMinCalibrator implements Calibrator {

    @Override
    public String name() {
        return "maxmin";
    }

    @Override
    public String description() {
        return "the observed min and max (power of two: fix position fp0)";
    }

    @Override
    public TensorObserver newObserver(CalibrationTarget target) {
        return target.spec().perChannel() ? new PerChannel(target) : new PerTensor(target);
    }

    /** A shard's per-batch results, in stream order. */
    private record PerTensorStatistics(double[] fixPositions, double[] mins, double[] maxs, double[] absMaxs) implements Serializable {}

    /** A shard's per-channel range; null arrays when it observed nothing. */
    private record PerChannelStatistics(float[] min, float[] max) implements Serializable {}

    private static final class PerTensor implements MergeableObserver {
        private final CalibrationTarget target;
        private final BatchStatistic fixPositions;
        private final BatchStatistic mins;
        private final BatchStatistic maxs;
        private final BatchStatistic absMaxs;

        PerTensor(CalibrationTarget target) {
            this.target = target;
            String statistic = target.spec().statisticMethod();
            this.fixPositions = new BatchStatistic(statistic);
            // A float range's "modal" statistic is its union, as "max" is.
            String rangeStatistic = statistic.equals("modal") ? "max" : statistic;
            this.mins = new BatchStatistic(rangeStatistic);
            this.maxs = new BatchStatistic(rangeStatistic);
            this.absMaxs = new BatchStatistic(rangeStatistic);
        }

        @Override
        public void observe(NDArray batch) {
            Range r = Tensors.finiteRange(batch, target.tensorName());
            QuantParams p = target.scaleType().fromRange(r, target.spec());
            if (p.isPowerOfTwo()) {
                fixPositions.add(p.fixPosition(0).orElseThrow());
            }
            // The union keeps the smallest minimum: record -min so that "max" picks it.
            mins.add(-r.min());
            maxs.add(r.max());
            absMaxs.add(Math.max(Math.abs(r.min()), Math.abs(r.max())));
        }

        @Override
        public Serializable statistics() {
            return new PerTensorStatistics(fixPositions.values(), mins.values(), maxs.values(), absMaxs.values());
        }

        @Override
        public void merge(Serializable later) {
            PerTensorStatistics s = MergedStatistics.as(later, PerTensorStatistics.class, target);
            fixPositions.addAll(s.fixPositions());
            mins.addAll(s.mins());
            maxs.addAll(s.maxs());
            absMaxs.addAll(s.absMaxs());
        }

        @Override
        public QuantParams result() {
            QuantSpec spec = target.spec();
            if (!fixPositions.isEmpty()) {
                return QuantParams.fixPosition((int) fixPositions.result(), spec.qmin(), spec.qmax());
            }
            if (spec.symmetric()) {
                // A symmetric scale depends on max |x| alone: combine each batch's, not the minima and maxima apart,
                // which for mean or median would mix one batch's negative extreme with another's positive one.
                float absMax = (float) absMaxs.result();
                return target.scaleType().fromRange(new Range(-absMax, absMax), spec);
            }
            float min = (float) -mins.result();
            float max = (float) maxs.result();
            return target.scaleType().fromRange(new Range(Math.min(min, max), max), spec);
        }
    }

    private static final class PerChannel implements MergeableObserver {
        private final CalibrationTarget target;
        private float[] min;
        private float[] max;

        PerChannel(CalibrationTarget target) {
            this.target = target;
        }

        @Override
        public void observe(NDArray batch) {
            int channels = (int) batch.getShape().get(0);
            float[] v = Tensors.values(batch);
            if (min == null) {
                min = new float[channels];
                max = new float[channels];
                Arrays.fill(min, Float.POSITIVE_INFINITY);
                Arrays.fill(max, Float.NEGATIVE_INFINITY);
            }
            for (int c = 0; c < channels; c++) {
                Range r = Tensors.finiteRange(Tensors.channel(v, c, channels), target.tensorName());
                min[c] = Math.min(min[c], r.min());
                max[c] = Math.max(max[c], r.max());
            }
        }

        @Override
        public Serializable statistics() {
            return new PerChannelStatistics(min == null ? null : min.clone(), max == null ? null : max.clone());
        }

        @Override
        public void merge(Serializable later) {
            PerChannelStatistics s = MergedStatistics.as(later, PerChannelStatistics.class, target);
            if (s.min() == null) {
                return;
            }
            if (min == null) {
                min = s.min().clone();
                max = s.max().clone();
                return;
            }
            if (s.min().length != min.length) {
                throw new IllegalArgumentException(target.tensorName() + ": cannot merge " + s.min().length + " channels into " + min.length);
            }
            for (int c = 0; c < min.length; c++) {
                min[c] = Math.min(min[c], s.min()[c]);
                max[c] = Math.max(max[c], s.max()[c]);
            }
        }

        @Override
        public QuantParams result() {
            if (min == null) {
                throw new IllegalStateException(target.tensorName() + ": no values were observed");
            }
            QuantParams[] channels = new QuantParams[min.length];
            for (int c = 0; c < min.length; c++) {
                channels[c] = target.scaleType().fromRange(new Range(min[c], max[c]), target.spec());
            }
            return QuantParams.perChannel(channels, 0);
        }
    }
}
