package io.qforge.engine.config.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * One JSON file that drives a whole run: backbone, dataset, preprocessing, training,
 * quantization, calibration, target, output and seed.
 *
 * @param schema an optional {@code $schema} reference for editors; ignored by qforge
 * @param name the run's name, used for its output folder; defaults to the file name
 * @param seed drives every random choice
 * @param quantization a Vitis AI config inline, or a path to one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"$schema", "name", "seed", "backbone", "dataset", "preprocessing", "training",
    "quantization", "calibration", "target", "output"})
public record RunConfig(
        @JsonProperty("$schema") String schema,
        String name,
        Long seed,
        BackboneConfig backbone,
        PluginSelection dataset,
        PreprocessingConfig preprocessing,
        TrainingConfig training,
        QuantizationSource quantization,
        CalibrationConfig calibration,
        PluginSelection target,
        OutputConfig output) {

    /** The top-level keys, to tell a run config from a Vitis AI config. */
    public static final List<String> KEYS = List.of("$schema", "name", "seed", "backbone", "dataset",
            "preprocessing", "training", "quantization", "calibration", "target", "output");

    public static final long DEFAULT_SEED = 42;

    /** The same run for another target. */
    public RunConfig withTarget(PluginSelection newTarget) {
        return new RunConfig(schema, name, seed, backbone, dataset, preprocessing, training, quantization, calibration, newTarget, output);
    }
}
