package io.qforge.engine.quant;

import java.util.List;

/**
 * What one pass of post-training quantization did, for the log and {@code quantized/report.json}.
 *
 * @param name e.g. {@code fold-batch-norm}, or {@code dpuczdx8g: shift-limits} for a target's own pass
 * @param owner {@code qforge}, or the target whose pass it is
 * @param seconds how long it took
 * @param changes one line per change it made
 */
public record PassRecord(String name, String owner, double seconds, List<String> changes) {

    /** The owner of the engine's own passes. */
    public static final String QFORGE = "qforge";

    public PassRecord {
        changes = List.copyOf(changes);
    }
}
