package io.qforge.api.target;

import io.qforge.api.quant.QuantSpec;
import java.util.List;

/**
 * The quantization rules a target imposes on every tensor's spec, in names.
 *
 * @deprecated a target now implements {@link io.qforge.api.TargetDevice#quantizationRules}.
 */
@Deprecated
@FunctionalInterface
public interface QuantConstraints {

    /** Adjusts {@code requested} to what the target can run, listing each change. */
    ConstraintCheck apply(QuantSpec requested);

    /** Constraints that accept everything. */
    static QuantConstraints none() {
        return spec -> new ConstraintCheck(spec, List.of());
    }
}
