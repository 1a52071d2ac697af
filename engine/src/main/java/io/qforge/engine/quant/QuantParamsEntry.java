package io.qforge.engine.quant;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.quant.QuantSpec;
import io.qforge.api.quant.TensorKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One line of {@code quant_params.json}: a quantized tensor, its resolved spec, and its parameters
 * (fix positions for power-of-two scales, else scales and zero points), per channel when the
 * list has more than one value and {@code axis} names the channel axis.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QuantParamsEntry(
        String tensor,
        String kind,
        String node,
        String method,
        int bitWidth,
        String roundMode,
        String scaleType,
        boolean symmetric,
        boolean signed,
        boolean narrowRange,
        boolean perChannel,
        String calibStatisticMethod,
        double percentage,
        long qmin,
        long qmax,
        List<Integer> fixPos,
        List<Float> scale,
        List<Long> zeroPoint,
        Integer axis) {

    static QuantParamsEntry of(QuantTensor t, QuantParams p) {
        List<Integer> fix = null;
        List<Float> scales = null;
        List<Long> zeros = null;
        if (p.isPowerOfTwo()) {
            fix = new ArrayList<>();
            for (int c = 0; c < p.channels(); c++) {
                fix.add(p.fixPosition(c).orElseThrow());
            }
        } else {
            scales = new ArrayList<>();
            zeros = new ArrayList<>();
            for (int c = 0; c < p.channels(); c++) {
                scales.add(p.scale(c));
                zeros.add(p.zeroPoint(c));
            }
        }
        QuantSpec s = t.spec().spec();
        return new QuantParamsEntry(t.name(), t.kind().configName(), t.node(), s.method(), s.bitWidth(), s.roundMode(), s.scaleType(),
                s.symmetric(), s.signed(), s.narrowRange(), s.perChannel(), s.statisticMethod(), s.percentage(), p.qmin(), p.qmax(),
                fix, scales, zeros, p.isPerTensor() ? null : p.axis());
    }

    /** The spec this entry records, with plugin names. */
    QuantSpec spec() {
        TensorKind k = Arrays.stream(TensorKind.values()).filter(v -> v.configName().equals(kind)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("tensor " + tensor + ": unknown kind '" + kind + "'"));
        return new QuantSpec(k, bitWidth, method, roundMode, scaleType, symmetric, perChannel, signed, narrowRange, calibStatisticMethod,
                percentage);
    }

    /** The params this entry records. */
    QuantParams params() {
        int channels = fixPos != null ? fixPos.size() : scale.size();
        QuantParams[] each = new QuantParams[channels];
        for (int c = 0; c < channels; c++) {
            each[c] = fixPos != null ? QuantParams.fixPosition(fixPos.get(c), qmin, qmax) : QuantParams.affine(scale.get(c), zeroPoint.get(c), qmin, qmax);
        }
        return axis == null ? each[0] : QuantParams.perChannel(each, axis);
    }
}
