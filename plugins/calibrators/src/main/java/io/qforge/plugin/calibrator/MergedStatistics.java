package io.qforge.plugin.calibrator;

import io.qforge.api.quant.CalibrationTarget;
import java.io.Serializable;

/** Checks that statistics sent to an observer's merge are of the kind that observer keeps. */
final class MergedStatistics {

    private MergedStatistics() {}

    static <T extends Serializable> T as(Serializable later, Class<T> kind, CalibrationTarget target) {
        if (!kind.isInstance(later)) {
            throw new IllegalArgumentException(target.tensorName() + ": cannot merge " + (later == null ? "null" : later.getClass().getName())
                    + " into an observer of " + target.spec().method() + " that keeps " + kind.getSimpleName());
        }
        return kind.cast(later);
    }
}
