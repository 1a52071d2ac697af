package io.qforge.engine.tune;

import io.qforge.engine.executor.ExecutorExtension;
import io.qforge.engine.progress.Progress;

/**
 * Where {@code qforge tune --executor NAME} runs its trials when not in this process: an add-on
 * (qforge-spark's {@code spark}) gives a {@link TrialRunner} that runs several trials at once
 * elsewhere, each as {@link Tuning#trials} sets it up there, into the same run folder.
 */
public interface TuneExecutor extends ExecutorExtension {

    /** A runner of {@code job}'s trials; its {@link TrialRunner#parallelism()} says how many it runs at once. */
    TrialRunner runner(TuneJob job, Progress progress);
}
