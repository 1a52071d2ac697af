package io.qforge.engine.quant;

import java.io.Serializable;
import java.util.List;

/**
 * What another process needs to observe shards of a calibration: the run config (its quantization
 * inline), the trained weights and the metadata written beside them. It rebuilds the model the
 * driver calibrates from these, and checks it against {@code modelDigest} before observing.
 *
 * @param id what identifies the job, for caching its prepared model
 * @param runConfig the run config's JSON, self-contained
 * @param weights the checkpoint's bytes
 * @param metadata the bytes of {@code model.json} beside the checkpoint, or null without one
 * @param modelDigest the driver's model at calibration ({@link ModelDigest})
 * @param pluginPaths the driver's plugins from its plugins folder (jars or folders), which a worker loads too
 */
public record CalibrationJob(String id, String runConfig, byte[] weights, byte[] metadata, String modelDigest,
        List<String> pluginPaths) implements Serializable {

    private static final long serialVersionUID = 1L;
}
