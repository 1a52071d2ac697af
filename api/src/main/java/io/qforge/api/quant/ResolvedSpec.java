package io.qforge.api.quant;

import io.qforge.api.Calibrator;
import io.qforge.api.RoundMode;
import io.qforge.api.ScaleType;
import java.util.Objects;

/**
 * How one tensor is quantized, with the plugins its spec names resolved to the plugin objects:
 * what the quant plan holds per tensor and what a target receives. Past config resolution qforge
 * passes these objects, never the names, so a target rounds with {@code roundMode().round(x)} and
 * writes {@code roundMode().xirName()}, whoever wrote the round mode.
 *
 * <p>Example: the DPU's activations resolve to {@code diffs}, {@code half_up} (XIR DPU_ROUND) and
 * {@code power_of_two}.
 *
 * @param spec the settings, with the plugins' canonical names
 * @param calibrator the plugin {@code spec.method()} names
 * @param roundMode the plugin {@code spec.roundMode()} names
 * @param scaleType the plugin {@code spec.scaleType()} names
 */
public record ResolvedSpec(QuantSpec spec, Calibrator calibrator, RoundMode roundMode, ScaleType scaleType) {

    public ResolvedSpec {
        Objects.requireNonNull(spec, "spec");
        requireNamed("method", spec.method(), Objects.requireNonNull(calibrator, "calibrator").name());
        requireNamed("round_mode", spec.roundMode(), Objects.requireNonNull(roundMode, "roundMode").name());
        requireNamed("scale_type", spec.scaleType(), Objects.requireNonNull(scaleType, "scaleType").name());
    }

    private static void requireNamed(String key, String named, String plugin) {
        if (!named.equals(plugin)) {
            throw new IllegalArgumentException(key + " names '" + named + "' but the plugin given is '" + plugin + "'");
        }
    }

    public TensorKind kind() {
        return spec.kind();
    }

    public ResolvedSpec withCalibrator(Calibrator c) {
        return new ResolvedSpec(spec.withMethod(c.name()), c, roundMode, scaleType);
    }

    public ResolvedSpec withRoundMode(RoundMode r) {
        return new ResolvedSpec(spec.withRoundMode(r.name()), calibrator, r, scaleType);
    }

    public ResolvedSpec withScaleType(ScaleType s) {
        return new ResolvedSpec(spec.withScaleType(s.name()), calibrator, roundMode, s);
    }

    /** The same plugins with other settings; {@code newSpec} must name the same plugins (use the withers above to change one). */
    public ResolvedSpec withSpec(QuantSpec newSpec) {
        return new ResolvedSpec(newSpec, calibrator, roundMode, scaleType);
    }
}
