package io.qforge.engine.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qforge.engine.config.run.QuantizationSource;
import io.qforge.engine.config.run.RunConfig;
import io.qforge.engine.config.vitis.ResolvedQuantizeConfig;
import io.qforge.engine.io.JsonFiles;

/**
 * A config that passed validation: either a run config or a bare Vitis AI quantization config.
 *
 * @param run the run config with defaults, or null for a bare quantization config
 * @param quantization the resolved quantization config (of the run, or the file itself)
 */
public record ValidatedConfig(RunConfig run, ResolvedQuantizeConfig quantization) {

    public boolean isRunConfig() {
        return run != null;
    }

    /** What {@code qforge validate} prints: the config with every default written out. */
    public Object withDefaults() {
        if (run == null) {
            return quantization.withDefaults();
        }
        return new RunConfig(run.schema(), run.name(), run.seed(), run.backbone(), run.dataset(), run.preprocessing(),
                run.training(), QuantizationSource.of(quantization.withDefaults()),
                run.calibration(), run.target(), run.output());
    }

    /**
     * The run config as one JSON object, its quantization config inline instead of a file name,
     * so that it can be varied, written elsewhere or sent to another process and loaded back.
     */
    public ObjectNode selfContained() {
        ObjectNode json = JsonFiles.MAPPER.valueToTree(run);
        json.set("quantization", JsonFiles.MAPPER.valueToTree(quantization.config()));
        json.remove("$schema");
        return json;
    }
}
