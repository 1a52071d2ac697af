package io.qforge.api;

import io.qforge.api.graph.Graph;
import io.qforge.api.target.CompiledArtifacts;
import io.qforge.api.target.InspectionReport;
import io.qforge.api.target.IntegerModel;
import io.qforge.api.target.PerformanceEstimate;
import io.qforge.api.target.QuantConstraints;
import io.qforge.api.target.QuantizedModel;
import io.qforge.api.target.TargetOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A hardware target: what it can run, the quantization it requires, and how to compile for it.
 *
 * <p>Example: the config {@code {"type": "DPUCZDX8G", "preset": "KV260"}} selects the target
 * named {@code dpuczdx8g} with options {@code preset=KV260}.
 */
public interface TargetDevice extends QforgePlugin {

    /** Named configurations of the device, e.g. KV260, ZCU102. Empty when there are none. */
    default List<String> presets() {
        return List.of();
    }

    /** The quantization rules the target imposes. */
    QuantConstraints constraints(TargetOptions options);

    /** Where each node of {@code graph} would run, and why. Runs before quantization too. */
    InspectionReport inspect(Graph graph, TargetOptions options);

    /** Writes the target's artifacts into {@code outDir}. */
    CompiledArtifacts compile(QuantizedModel model, Path outDir, TargetOptions options)
            throws IOException;

    /**
     * The target's integer arithmetic on the host, when it has a bit-exact model of it; empty
     * when it does not.
     */
    default Optional<IntegerModel> integerModel(QuantizedModel model, TargetOptions options) {
        return Optional.empty();
    }

    /** The expected performance of {@code graph} on the target. */
    PerformanceEstimate estimate(Graph graph, TargetOptions options);
}
