package io.qforge.testkit;

import io.qforge.api.Backbone;

/** The built-in {@code squeezenet1_1} meets the backbone contract. */
class SqueezeNet11BackboneContractTest extends BackboneContract {

    @Override
    protected Backbone backbone() {
        return Plugins.find(Backbone.class, "squeezenet1_1");
    }
}
