package io.qforge.plugin.torchvision;

import ai.djl.ndarray.types.Shape;
import io.qforge.api.Backbone;
import io.qforge.api.backbone.BackboneSpec;
import io.qforge.api.backbone.HeadInfo;
import io.qforge.api.backbone.Preprocessing;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.GraphInput;
import java.util.List;
import java.util.Optional;

/**
 * What torchvision's ResNets share: the stem (conv1 7x7/2, bn1, relu, maxpool 3x3/2), the head
 * (avgpool, flatten, fc), ImageNet preprocessing, the 32x32 smallest input, and torchvision's
 * weight names (timm's resnet*.tv_in1k use the same).
 */
abstract class TorchvisionResNet implements Backbone {

    private final int features;

    TorchvisionResNet(int features) {
        this.features = features;
    }

    /** The stem's output node, for the stages to read. */
    static String stem(LayerBuilder b, BackboneSpec spec) {
        String x = b.conv("conv1", "input", spec.channels(), 64, 7, 2, 3);
        x = b.batchNorm("bn1", x, 64);
        x = b.relu("relu", x);
        return b.maxPool("maxpool", x, 3, 2, 1);
    }

    /** The head after the last stage's output {@code x}, and the graph. */
    static Graph withHead(String name, LayerBuilder b, String x, int features, BackboneSpec spec) {
        x = b.globalAvgPool("avgpool", x);
        x = b.flatten("flatten", x);
        b.linear("fc", x, features, spec.numClasses());
        return new Graph(name, List.of(new GraphInput("input", new Shape(spec.channels(), spec.height(), spec.width()))), b.nodes,
                List.of("fc"), b.parameters, b.modules);
    }

    /** torchvision documents 32x32 as ResNet's smallest input: the last stage is then 1x1. */
    @Override
    public int minimumInputSize() {
        return 32;
    }

    @Override
    public HeadInfo head() {
        return new HeadInfo("fc", List.of("fc.weight", "fc.bias"), features, "flatten");
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
