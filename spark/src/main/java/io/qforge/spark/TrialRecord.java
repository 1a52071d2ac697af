package io.qforge.spark;

import io.qforge.engine.pipeline.RunReport;

/**
 * {@code trials/<name>/trial.json}, written last into a trial's folder: the trial's key (what a
 * later sweep compares to reuse it) and its headline figures.
 *
 * @param name the trial's name
 * @param key its config's and qforge version's hash
 * @param transferTop1 the float model's test top-1 after training
 * @param floatTop1 the float model's top-1 on the evaluation images
 * @param quantizedTop1 the simulated int8 model's
 * @param framesPerSecond the target's estimate
 * @param seconds how long the trial took on its executor
 */
record TrialRecord(String name, String key, double transferTop1, double floatTop1, double quantizedTop1, double framesPerSecond,
        double seconds) implements java.io.Serializable {

    static final String FILE = "trial.json";

    static TrialRecord of(PlannedTrial trial, RunReport report, double seconds) {
        RunReport.Accuracy a = report.accuracy();
        return new TrialRecord(trial.name(), trial.key(), a.transferTop1(), a.floatTop1(), a.quantizedTop1(),
                report.target().estimate().framesPerSecond(), seconds);
    }
}
