package io.qforge.engine.training;

/**
 * What one epoch measured.
 *
 * @param epoch 1-based
 * @param loss mean training loss
 * @param trainAccuracy training top-1 (during the epoch, with augmentation)
 * @param testAccuracy test top-1 after the epoch
 * @param seconds wall time of the epoch, evaluation included
 */
public record EpochMetrics(int epoch, double loss, double trainAccuracy, double testAccuracy, double seconds) {}
