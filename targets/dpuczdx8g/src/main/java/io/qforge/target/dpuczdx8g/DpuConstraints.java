package io.qforge.target.dpuczdx8g;

import io.qforge.api.InvalidInputException;
import io.qforge.api.quant.QuantSpec;
import io.qforge.api.quant.TensorKind;
import io.qforge.api.target.ConstraintCheck;
import io.qforge.api.target.QuantConstraints;
import java.util.ArrayList;
import java.util.List;

/**
 * What the DPUCZDX8G computes with: power-of-two scales, per tensor, symmetric, signed 8-bit, full
 * range, with std_round for weights, bias and input and half_up (DPU_ROUND) for activations
 * (REFERENCE.md §2). A spec asking for anything else is adjusted, each change listed, or rejected
 * with every change when the target is {@code strict}.
 */
final class DpuConstraints implements QuantConstraints {

    private final boolean strict;

    DpuConstraints(boolean strict) {
        this.strict = strict;
    }

    @Override
    public ConstraintCheck apply(QuantSpec r) {
        List<String> changes = new ArrayList<>();
        String roundMode = r.kind() == TensorKind.ACTIVATION ? "half_up" : "std_round";
        String method = r.method().equals("maxmin") ? "maxmin" : "diffs";
        ConstraintCheck.noteChange(changes, "bit_width", r.bitWidth(), 8, "the DPU computes in 8 bits");
        ConstraintCheck.noteChange(changes, "scale_type", r.scaleType(), "power_of_two", "the DPU shifts by powers of two");
        ConstraintCheck.noteChange(changes, "per_channel", r.perChannel(), false, "the DPU quantizes per tensor");
        ConstraintCheck.noteChange(changes, "symmetry", r.symmetric(), true, "the DPU has no zero points");
        ConstraintCheck.noteChange(changes, "signed", r.signed(), true, "the DPU's integers are signed");
        ConstraintCheck.noteChange(changes, "narrow_range", r.narrowRange(), false, "the DPU uses the full range");
        ConstraintCheck.noteChange(changes, "method", r.method(), method, "power-of-two scales are calibrated by diffs or maxmin");
        ConstraintCheck.noteChange(changes, "round_mode", r.roundMode(), roundMode, "the DPU rounds " + r.kind().configName() + " tensors this way");
        ConstraintCheck.noteChange(changes, "calib_statistic_method", r.statisticMethod(), "modal", "per-batch fix positions combine by their mode");
        if (strict && !changes.isEmpty()) {
            throw new InvalidInputException("$.quantization", "target DPUCZDX8G is strict, and " + r.kind().configName()
                    + " tensors break its rules: " + String.join("; ", changes) + ". Fix the quantization config, or drop \"strict\"");
        }
        QuantSpec accepted = new QuantSpec(r.kind(), 8, method, roundMode, "power_of_two", true, false, true, false, "modal", r.percentage());
        return new ConstraintCheck(accepted, changes);
    }
}
