package io.qforge.api.target;

/**
 * An estimate of a model's speed on a target configuration.
 *
 * @param configuration e.g. a preset name
 * @param framesPerSecond expected throughput
 * @param latencyMillis expected single-frame latency
 * @param basis how the figure was obtained, e.g. "roofline model, 300 MHz B4096"
 */
public record PerformanceEstimate(String configuration, double framesPerSecond, double latencyMillis, String basis) {}
