package io.qforge.plugin.calibrator;

import ai.djl.ndarray.NDArray;
import io.qforge.api.Calibrator;
import io.qforge.api.quant.CalibrationTarget;
import io.qforge.api.quant.MergeableObserver;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.quant.Range;
import io.qforge.api.quant.TensorObserver;
import java.io.Serializable;
import java.util.List;
import java.util.OptionalInt;

/**
 * {@code diffs}, the DPU default (REFERENCE.md §3): try the scale type's candidates (for power of
 * two, fix positions fp0 to fp0 + 4, clamped), measure the squared error of fake-quantizing the
 * tensor with each under the tensor's round mode, and keep the first strict minimum. Power-of-two
 * grids are searched in one pass over bucketed values ({@link BucketedSearch}), the others value
 * by value; both give the same pick. Model inputs
 * take fp0 alone. Weights get one result; activations get one per batch, combined by {@code
 * calib_statistic_method} ({@code modal}: most frequent, ties to the smallest). Observers merge
 * ({@link MergeableObserver}) by appending the per-batch results; per channel, the last batch's
 * picks stand, as in one pass.
 */
public final class DiffsCalibrator implements Calibrator {

    @Override
    public String name() {
        return "diffs";
    }

    @Override
    public String description() {
        return "least squared error over fix positions fp0..fp0+4 (the DPU default)";
    }

    @Override
    public TensorObserver newObserver(CalibrationTarget target) {
        return new Observer(target);
    }

    /** The search on one set of values (a tensor, a batch, or a channel). */
    static QuantParams search(float[] values, CalibrationTarget target) {
        return search(values, target, new CentreErrors());
    }

    /** As {@link #search(float[], CalibrationTarget)}, reusing the bucket tables of the tensor's earlier batches. */
    private static QuantParams search(float[] values, CalibrationTarget target, CentreErrors tables) {
        Range range = Tensors.finiteRange(values, target.tensorName());
        List<QuantParams> candidates = target.scaleType().candidates(range, target.spec());
        if (target.modelInput() || candidates.size() == 1) {
            return candidates.get(0);
        }
        OptionalInt bucketed = BucketedSearch.best(values, range, candidates, target.roundMode(), tables);
        if (bucketed.isPresent()) {
            return candidates.get(bucketed.getAsInt());
        }
        double[] errors = Tensors.squaredErrors(values, candidates, target.roundMode());
        int best = 0;
        for (int i = 1; i < errors.length; i++) {
            if (errors[i] < errors[best]) {
                best = i;
            }
        }
        return candidates.get(best);
    }

    /** A shard's per-batch fix positions or scales in stream order, and its last per-channel picks (or null). */
    private record Statistics(double[] positions, double[] scales, QuantParams[] perChannel) implements Serializable {}

    private static final class Observer implements MergeableObserver {
        private final CalibrationTarget target;
        private final BatchStatistic positions;
        private final BatchStatistic scales;
        private final CentreErrors tables = new CentreErrors();
        private QuantParams[] perChannel;

        Observer(CalibrationTarget target) {
            this.target = target;
            this.positions = new BatchStatistic(target.spec().statisticMethod());
            String scaleStatistic = target.spec().statisticMethod().equals("modal") ? "max" : target.spec().statisticMethod();
            this.scales = new BatchStatistic(scaleStatistic);
        }

        @Override
        public void observe(NDArray batch) {
            float[] v = Tensors.values(batch);
            if (target.spec().perChannel()) {
                int channels = (int) batch.getShape().get(0);
                perChannel = new QuantParams[channels];
                for (int c = 0; c < channels; c++) {
                    perChannel[c] = search(Tensors.channel(v, c, channels), target);
                }
                return;
            }
            QuantParams p = search(v, target, tables);
            if (p.isPowerOfTwo()) {
                positions.add(p.fixPosition(0).orElseThrow());
            } else {
                scales.add(p.scale(0));
            }
        }

        @Override
        public Serializable statistics() {
            return new Statistics(positions.values(), scales.values(), perChannel == null ? null : perChannel.clone());
        }

        @Override
        public void merge(Serializable later) {
            Statistics s = MergedStatistics.as(later, Statistics.class, target);
            positions.addAll(s.positions());
            scales.addAll(s.scales());
            if (s.perChannel() != null) {
                perChannel = s.perChannel().clone();
            }
        }

        @Override
        public QuantParams result() {
            if (perChannel != null) {
                return QuantParams.perChannel(perChannel, 0);
            }
            if (!positions.isEmpty()) {
                return QuantParams.fixPosition((int) positions.result(), target.spec().qmin(), target.spec().qmax());
            }
            float scale = (float) scales.result();
            return QuantParams.affine(scale, 0, target.spec().qmin(), target.spec().qmax());
        }
    }
}
