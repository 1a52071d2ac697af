package io.qforge.target.onnxruntime;

import io.qforge.api.InvalidInputException;
import io.qforge.api.quant.QuantSpec;
import io.qforge.api.quant.TensorKind;
import io.qforge.api.target.ConstraintCheck;
import io.qforge.api.target.QuantConstraints;
import java.util.ArrayList;
import java.util.List;

/**
 * What ONNX Runtime's QDQ int8 path runs: 8-bit inputs, weights and activations with a float or
 * power-of-two scale (written as its float value), per-channel weights allowed, activations
 * symmetric or asymmetric (a zero point), and half-to-even rounding, which QuantizeLinear does.
 * Biases are int32 on the scale input x weight, so qforge quantizes them at 32 bits. Anything else
 * is adjusted with each change listed, or rejected when the target is {@code strict}.
 */
final class CpuConstraints implements QuantConstraints {

    private final boolean strict;

    CpuConstraints(boolean strict) {
        this.strict = strict;
    }

    @Override
    public ConstraintCheck apply(QuantSpec r) {
        List<String> changes = new ArrayList<>();
        boolean bias = r.kind() == TensorKind.BIAS;
        int bits = bias ? 32 : 8;
        boolean perChannel = r.kind() == TensorKind.WEIGHTS && r.perChannel();
        ConstraintCheck.noteChange(changes, "bit_width", r.bitWidth(), bits, bias ? "ONNX Runtime adds int32 biases" : "QuantizeLinear stores 8-bit integers");
        ConstraintCheck.noteChange(changes, "round_mode", r.roundMode(), "half_even", "QuantizeLinear rounds half to even");
        ConstraintCheck.noteChange(changes, "per_channel", r.perChannel(), perChannel, "only weights are quantized per channel");
        String method = r.method();
        String scaleType = r.scaleType();
        boolean symmetric = r.symmetric();
        boolean signed = r.signed();
        if (bias) {
            ConstraintCheck.noteChange(changes, "scale_type", scaleType, "float", "a bias's scale is input scale x weight scale");
            ConstraintCheck.noteChange(changes, "method", method, "maxmin", "a 32-bit bias needs no clipping search");
            ConstraintCheck.noteChange(changes, "symmetry", symmetric, true, "biases have no zero point");
            ConstraintCheck.noteChange(changes, "signed", signed, true, "biases are int32");
            method = "maxmin";
            scaleType = "float";
            symmetric = true;
            signed = true;
        }
        if (strict && !changes.isEmpty()) {
            throw new InvalidInputException("$.quantization", "target onnxruntime-cpu is strict, and " + r.kind().configName()
                    + " tensors break its rules: " + String.join("; ", changes) + ". Fix the quantization config, or drop \"strict\"");
        }
        QuantSpec accepted = new QuantSpec(r.kind(), bits, method, "half_even", scaleType, symmetric, perChannel, signed, r.narrowRange(),
                r.statisticMethod(), r.percentage());
        return new ConstraintCheck(accepted, changes);
    }
}
