package io.qforge.testkit;

import io.qforge.api.Backbone;

/** The built-in {@code resnet101} meets the backbone contract. */
class ResNet101BackboneContractTest extends BackboneContract {

    @Override
    protected Backbone backbone() {
        return Plugins.find(Backbone.class, "resnet101");
    }
}
