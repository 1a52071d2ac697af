package io.qforge.plugin.scaletype;

import io.qforge.api.quant.QuantSpec;
import io.qforge.api.quant.TensorKind;

/** Quant specs for tests; only the grid-related fields matter to scale types. */
final class Specs {

    private Specs() {}

    static QuantSpec spec(int bits, boolean signed, boolean symmetric, boolean narrow) {
        return new QuantSpec(TensorKind.ACTIVATION, bits, "maxmin", "half_even", "float",
                symmetric, false, signed, narrow, "max", 99.99);
    }

    static QuantSpec int8() {
        return spec(8, true, true, false);
    }
}
