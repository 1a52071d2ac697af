package io.qforge.plugin.torchvision;

import io.qforge.api.Backbone;
import io.qforge.api.backbone.Preprocessing;
import java.util.Optional;

/**
 * What torchvision's classification networks share: ImageNet preprocessing, 32x32 as the smallest
 * input (a stride-32 network then ends in a 1x1 map), and torchvision's parameter names, which timm's
 * {@code *.tv_in1k} weights use too.
 */
abstract class TorchvisionBackbone implements Backbone {

    /** torchvision documents 32x32 as the smallest input of its classification networks. */
    @Override
    public int minimumInputSize() {
        return 32;
    }

    @Override
    public Preprocessing defaultPreprocessing() {
        return Preprocessing.imagenet();
    }

    /**
     * torchvision and timm use the same names. A {@code module.} prefix (DataParallel
     * checkpoints) is dropped, and {@code num_batches_tracked} counters are not parameters.
     */
    @Override
    public Optional<String> mapWeightName(String externalName) {
        String name = externalName.startsWith("module.") ? externalName.substring("module.".length()) : externalName;
        return name.endsWith(".num_batches_tracked") ? Optional.empty() : Optional.of(name);
    }
}
