package io.qforge.testkit;

import io.qforge.api.ScaleType;

/** The built-in {@code power_of_two} scale type meets the scale-type contract. */
class PowerOfTwoScaleContractTest extends ScaleTypeContract {

    @Override
    protected ScaleType scaleType() {
        return Plugins.find(ScaleType.class, "power_of_two");
    }
}
