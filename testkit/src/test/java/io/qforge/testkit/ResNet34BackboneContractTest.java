package io.qforge.testkit;

import io.qforge.api.Backbone;

/** The built-in {@code resnet34} meets the backbone contract. */
class ResNet34BackboneContractTest extends BackboneContract {

    @Override
    protected Backbone backbone() {
        return Plugins.find(Backbone.class, "resnet34");
    }
}
