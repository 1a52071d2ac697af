package io.qforge.engine.tune;

import java.time.Duration;

/**
 * When the search stops: once a trial's drop is within {@code maxDropPoints}, or once
 * {@code maxTrials} trials were scored, or once {@code time} has passed (null: no limit). A trial
 * the target refuses costs nothing and does not count.
 *
 * @param maxDropPoints the accepted top-1 drop against the float model, in points
 * @param maxTrials the most trials scored, the base included
 * @param time the longest the search may run, or null
 */
public record TuneBudget(double maxDropPoints, int maxTrials, Duration time) {}
