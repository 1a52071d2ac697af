package io.qforge.plugin.torchvision;

import io.qforge.api.context.RemoteFile;
import java.net.URI;
import java.util.Map;

/**
 * torchvision's {@code resnet18}: two BasicBlocks per stage.
 *
 * <p>Example: {@code new ResNet18Backbone().build(new BackboneSpec(30, 3, 224, 224))} has
 * 11,191,902 parameters; with 1000 classes, torchvision's 11,689,512.
 */
public final class ResNet18Backbone extends TorchvisionResNet {

    /**
     * torchvision's ImageNet weights as timm publishes them in safetensors (resnet18.tv_in1k),
     * pinned to one revision. The size and SHA-256 come from a public record; they could not be
     * checked here, where there is no internet.
     */
    static final RemoteFile IMAGENET = new RemoteFile("timm/resnet18.tv_in1k",
            URI.create("https://huggingface.co/timm/resnet18.tv_in1k/resolve/bbd144b3e5565108aad885f145491d11bc6ce807/model.safetensors"),
            "weights/resnet18.tv_in1k.safetensors", 46_807_446L, "694f673df6520a3158624e8a89af086f59923ee4cd7436fe5bc3bc71d295ad81",
            RemoteFile.Digest.OF_FILE);

    public ResNet18Backbone() {
        super(new int[] {2, 2, 2, 2}, false);
    }

    @Override
    public String name() {
        return "resnet18";
    }

    @Override
    public String description() {
        return "torchvision resnet18 (11.7M parameters; torchvision and timm weight names)";
    }

    @Override
    public Map<String, RemoteFile> publishedWeights() {
        return Map.of("imagenet", IMAGENET);
    }
}
