package io.qforge.engine.config.run;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the histogram calibrators (percentile, entropy, mse) combine the calibration batches. */
public enum HistogramMode {
    /** Vitis AI's way: a histogram and a threshold per batch, thresholds combined by {@code calib_statistic_method}. */
    @JsonProperty("per_batch") PER_BATCH,
    /** One histogram over every batch, re-binned when a batch widens the range, and one threshold from it. */
    @JsonProperty("accumulated") ACCUMULATED
}
