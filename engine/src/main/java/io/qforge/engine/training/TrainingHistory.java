package io.qforge.engine.training;

import io.qforge.api.graph.Parameters;
import java.util.List;

/**
 * The outcome of one training run.
 *
 * @param label what was trained, e.g. "transfer head"
 * @param epochs one entry per epoch
 * @param parameters the parameters kept (the last epoch's, or the best epoch's)
 * @param keptEpoch the epoch whose parameters were kept
 * @param seconds wall time of the whole run
 */
public record TrainingHistory(String label, List<EpochMetrics> epochs, Parameters parameters, int keptEpoch, double seconds) {

    public TrainingHistory {
        epochs = List.copyOf(epochs);
    }

    /** The test accuracy of the kept parameters. */
    public double testAccuracy() {
        return epochs.get(keptEpoch - 1).testAccuracy();
    }
}
