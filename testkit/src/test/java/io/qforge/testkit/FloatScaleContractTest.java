package io.qforge.testkit;

import io.qforge.api.ScaleType;

/** The built-in {@code float} scale type meets the scale-type contract. */
class FloatScaleContractTest extends ScaleTypeContract {

    @Override
    protected ScaleType scaleType() {
        return Plugins.find(ScaleType.class, "float");
    }
}
