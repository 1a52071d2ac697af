package io.qforge.testkit;

import io.qforge.api.Backbone;

/** The built-in {@code resnet152} meets the backbone contract. */
class ResNet152BackboneContractTest extends BackboneContract {

    @Override
    protected Backbone backbone() {
        return Plugins.find(Backbone.class, "resnet152");
    }
}
