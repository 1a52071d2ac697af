package io.qforge.testkit;

import io.qforge.api.Backbone;

/** The built-in {@code resnet18} meets the backbone contract. */
class ResNet18BackboneContractTest extends BackboneContract {

    @Override
    protected Backbone backbone() {
        return Plugins.find(Backbone.class, "resnet18");
    }
}
