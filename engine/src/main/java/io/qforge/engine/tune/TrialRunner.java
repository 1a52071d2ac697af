package io.qforge.engine.tune;

/**
 * Runs one trial: quantizes the base config with the trial's settings and scores it. Trials are
 * independent and deterministic given their settings, so a runner may run them anywhere (in this
 * process, or on a cluster) and in any order; it reuses a trial that already ran.
 */
public interface TrialRunner {

    TrialResult run(Trial trial);
}
