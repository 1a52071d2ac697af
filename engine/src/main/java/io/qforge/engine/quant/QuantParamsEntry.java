package io.qforge.engine.quant;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.qforge.api.quant.QuantParams;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of {@code quant_params.json}: a quantized tensor, its resolved spec, and its parameters
 * (fix positions for power-of-two scales, else scales and zero points), per channel when the
 * list has more than one value.
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
        List<Long> zeroPoint) {

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
        return new QuantParamsEntry(t.name(), t.kind().configName(), t.node(), t.spec().method(), t.spec().bitWidth(),
                t.spec().roundMode(), t.spec().scaleType(), t.spec().symmetric(), t.spec().signed(), t.spec().narrowRange(),
                t.spec().perChannel(), t.spec().statisticMethod(), t.spec().percentage(), p.qmin(), p.qmax(), fix, scales, zeros);
    }
}
