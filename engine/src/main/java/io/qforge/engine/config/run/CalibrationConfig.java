package io.qforge.engine.config.run;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The {@code calibration} section: qforge's settings that the Vitis AI schema has no key for.
 *
 * @param batches calibration batches fed to the observers
 * @param batchSize images per calibration batch
 * @param cleIterations cross-layer equalization iterations when {@code include_cle} is on (Vitis AI runs one)
 * @param keepBitWidth the bit width of layers kept accurate by {@code keep_first_last_layer_accuracy}
 *     and {@code keep_add_layer_accuracy}
 * @param includeFastFt fast finetune (AdaQuant) after calibration, as Vitis AI's {@code include_fast_ft}
 * @param fastFtEpochs fast finetune's epochs over the calibration batches per layer, as Vitis AI's {@code fast_ft_epochs}
 * @param includeAdaround AdaRound, learned rounding of the weights, after calibration
 * @param adaroundIterations AdaRound's optimisation steps per layer, one calibration batch each
 * @param histograms how percentile, entropy and mse combine the batches: {@code per_batch} (Vitis AI's)
 *     or {@code accumulated}
 * @param executor where the calibration batches are observed: {@code local} (this process) or the
 *     name of an installed executor, such as qforge-spark's {@code spark}; the results are the same
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CalibrationConfig(Integer batches, Integer batchSize, Integer cleIterations, Integer keepBitWidth, Boolean includeFastFt,
        Integer fastFtEpochs, Boolean includeAdaround, Integer adaroundIterations, HistogramMode histograms, String executor) {

    public static final CalibrationConfig DEFAULTS = new CalibrationConfig(10, 32, 1, 16, false, 10, false, 1000, HistogramMode.PER_BATCH, "local");

    public CalibrationConfig withDefaults() {
        CalibrationConfig d = DEFAULTS;
        return new CalibrationConfig(
                batches != null ? batches : d.batches,
                batchSize != null ? batchSize : d.batchSize,
                cleIterations != null ? cleIterations : d.cleIterations,
                keepBitWidth != null ? keepBitWidth : d.keepBitWidth,
                includeFastFt != null ? includeFastFt : d.includeFastFt,
                fastFtEpochs != null ? fastFtEpochs : d.fastFtEpochs,
                includeAdaround != null ? includeAdaround : d.includeAdaround,
                adaroundIterations != null ? adaroundIterations : d.adaroundIterations,
                histograms != null ? histograms : d.histograms,
                executor != null ? executor : d.executor);
    }

    /** The same settings observed in this process: what decides the results, which the executor does not. */
    public CalibrationConfig observedLocally() {
        return new CalibrationConfig(batches, batchSize, cleIterations, keepBitWidth, includeFastFt, fastFtEpochs, includeAdaround,
                adaroundIterations, histograms, null);
    }
}
