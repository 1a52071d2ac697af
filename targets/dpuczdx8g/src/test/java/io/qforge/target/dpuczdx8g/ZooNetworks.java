package io.qforge.target.dpuczdx8g;

import ai.djl.ndarray.types.Shape;
import io.qforge.api.backbone.BackboneSpec;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.GraphBuilder;
import io.qforge.api.graph.GraphInput;
import io.qforge.api.graph.Window;
import io.qforge.plugin.torchvision.MobileNetV2Backbone;
import io.qforge.plugin.torchvision.ResNet18Backbone;
import io.qforge.plugin.torchvision.ResNet50Backbone;
import io.qforge.plugin.torchvision.SqueezeNet11Backbone;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Vitis AI 3.0 model zoo networks qforge can build, at the zoo's 224x224, by the zoo's name:
 * the torchvision families, TensorFlow's ResNet50 v1 (stride in the first 1x1), and VGG16, VGG19
 * and MobileNetV1 written here with the graph builder. Batch norms are left out where the zoo's
 * networks have none; where they have them the DPU folds them, so the estimate is the same.
 */
final class ZooNetworks {

    /** Networks the performance model is fitted on. */
    static final List<String> TRAINING = List.of("tf_resnetv1_50_imagenet_224_224_6.97G", "pt_resnet50_imagenet_224_224_8.2G",
            "tf_vgg16_imagenet_224_224_30.96G", "tf_mobilenetv1_1.0_imagenet_224_224_1.14G", "pt_squeezenet_imagenet_224_224_703.5M");
    /** Networks it is checked on, never seen by the fit. */
    static final List<String> HELD_OUT = List.of("pt_vehicle-type-classification_CarBodyStyle_224_224_3.64G",
            "tf_mobilenetv2_1.0_imagenet_224_224_602M", "tf_vgg19_imagenet_224_224_39.28G");

    private ZooNetworks() {}

    static Map<String, Graph> all() {
        BackboneSpec imagenet = new BackboneSpec(1000, 3, 224, 224);
        Map<String, Graph> nets = new LinkedHashMap<>();
        nets.put("tf_resnetv1_50_imagenet_224_224_6.97G", ResNet50Backbone.topology(imagenet, true));
        nets.put("pt_resnet50_imagenet_224_224_8.2G", new ResNet50Backbone().build(imagenet));
        nets.put("tf_vgg16_imagenet_224_224_30.96G", vgg("vgg16", new int[] {2, 2, 3, 3, 3}));
        nets.put("tf_mobilenetv1_1.0_imagenet_224_224_1.14G", mobileNetV1());
        nets.put("pt_squeezenet_imagenet_224_224_703.5M", new SqueezeNet11Backbone().build(imagenet));
        nets.put("pt_vehicle-type-classification_CarBodyStyle_224_224_3.64G", new ResNet18Backbone().build(imagenet));
        nets.put("tf_mobilenetv2_1.0_imagenet_224_224_602M", new MobileNetV2Backbone().build(imagenet));
        nets.put("tf_vgg19_imagenet_224_224_39.28G", vgg("vgg19", new int[] {2, 2, 4, 4, 4}));
        return nets;
    }

    /** VGG: 3x3 convs with ReLU in five stages of 64 to 512 channels, 2x2 max pools, then 4096, 4096 and 1000 linear. */
    static Graph vgg(String name, int[] convsPerStage) {
        GraphBuilder b = new GraphBuilder();
        String x = "input";
        int in = 3;
        int[] widths = {64, 128, 256, 512, 512};
        for (int s = 0; s < 5; s++) {
            for (int i = 0; i < convsPerStage[s]; i++) {
                String conv = "conv" + (s + 1) + "_" + (i + 1);
                x = b.relu(conv + ".relu", b.conv(conv, x, in, widths[s], Window.square(3).pad(1), 1, true));
                in = widths[s];
            }
            x = b.maxPool("pool" + (s + 1), x, 2, 2, 0);
        }
        x = b.flatten("flatten", x);
        x = b.relu("fc6.relu", b.linear("fc6", x, 512 * 7 * 7, 4096));
        x = b.relu("fc7.relu", b.linear("fc7", x, 4096, 4096));
        b.linear("fc8", x, 4096, 1000);
        return b.build(name, new GraphInput("input", new Shape(3, 224, 224)), "fc8");
    }

    /** MobileNetV1 (width 1.0): a 3x3/2 conv to 32, thirteen depthwise 3x3 + pointwise blocks, average pool, 1000 linear. */
    static Graph mobileNetV1() {
        GraphBuilder b = new GraphBuilder();
        String x = b.relu6("conv0.relu", b.conv("conv0", "input", 3, 32, Window.square(3).stride(2).pad(1), 1, true));
        int in = 32;
        int[][] blocks = {{64, 1}, {128, 2}, {128, 1}, {256, 2}, {256, 1}, {512, 2}, {512, 1}, {512, 1}, {512, 1}, {512, 1}, {512, 1},
            {1024, 2}, {1024, 1}};
        for (int i = 0; i < blocks.length; i++) {
            String dw = "block" + (i + 1) + ".dw";
            x = b.relu6(dw + ".relu", b.conv(dw, x, in, in, Window.square(3).stride(blocks[i][1]).pad(1), in, true));
            String pw = "block" + (i + 1) + ".pw";
            x = b.relu6(pw + ".relu", b.conv(pw, x, in, blocks[i][0], Window.square(1), 1, true));
            in = blocks[i][0];
        }
        x = b.flatten("flatten", b.globalAvgPool("avgpool", x));
        b.linear("fc", x, 1024, 1000);
        return b.build("mobilenet_v1", new GraphInput("input", new Shape(3, 224, 224)), "fc");
    }
}
