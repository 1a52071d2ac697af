package io.qforge.plugin.onnx;

import io.qforge.api.Backbone;
import io.qforge.testkit.BackboneContract;
import java.nio.file.Files;
import java.nio.file.Path;

/** The onnx backbone, set up with PyTorch's export of torchvision's mobilenet_v2, meets the backbone contract. */
class OnnxBackboneContractTest extends BackboneContract {

    private static final Backbone MOBILENET;

    static {
        try {
            Path dir = Files.createTempDirectory("qforge-onnx-contract");
            dir.toFile().deleteOnExit();
            MOBILENET = OnnxFixtures.configured("mobilenet_v2", dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    protected Backbone backbone() {
        return MOBILENET;
    }
}
