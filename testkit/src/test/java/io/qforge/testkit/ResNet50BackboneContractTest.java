package io.qforge.testkit;

import io.qforge.api.Backbone;

/** The built-in {@code resnet50} meets the backbone contract. */
class ResNet50BackboneContractTest extends BackboneContract {

    @Override
    protected Backbone backbone() {
        return Plugins.find(Backbone.class, "resnet50");
    }
}
