package io.qforge.testkit;

import io.qforge.api.Backbone;

/** The built-in {@code mobilenet_v2} meets the backbone contract. */
class MobileNetV2BackboneContractTest extends BackboneContract {

    @Override
    protected Backbone backbone() {
        return Plugins.find(Backbone.class, "mobilenet_v2");
    }
}
