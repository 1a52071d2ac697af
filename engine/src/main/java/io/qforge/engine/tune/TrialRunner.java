package io.qforge.engine.tune;

import java.util.List;

/**
 * Runs one trial: quantizes the base config with the trial's settings and scores it. Trials are
 * independent and deterministic given their settings, so a runner may run them anywhere (in this
 * process, or on a cluster) and in any order; it reuses a trial that already ran.
 */
public interface TrialRunner {

    TrialResult run(Trial trial);

    /** How many trials this runner runs at once; the search hands it up to this many together. */
    default int parallelism() {
        return 1;
    }

    /** Runs {@code trials}, possibly at once, and returns their results in the same order. */
    default List<TrialResult> runAll(List<Trial> trials) {
        return trials.stream().map(this::run).toList();
    }
}
