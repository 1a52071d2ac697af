package io.qforge.api.rules;

import io.qforge.api.quant.QuantParams;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a {@link ParamsAdjustment}: every tensor's params (changed or not), and one line
 * per change, e.g. "layer1.0.conv2: fp_out of layer1.0.relu 5 -> 6 (shift_cut -1 below 0)".
 */
public record AdjustedParams(Map<String, QuantParams> params, List<String> changes) {

    public AdjustedParams {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        changes = List.copyOf(changes);
    }
}
