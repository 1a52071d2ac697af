package io.qforge.api;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.qforge.api.backbone.BackboneOptions;
import io.qforge.api.backbone.BackboneSpec;
import io.qforge.api.backbone.HeadInfo;
import io.qforge.api.backbone.Preprocessing;
import io.qforge.api.context.RemoteFile;
import io.qforge.api.graph.Graph;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A network family, such as {@code resnet18}, that builds its IR graph in torchvision's layout
 * and parameter names.
 *
 * <p>Example: {@code build(new BackboneSpec(30, 3, 224, 224))} gives ResNet18 with a 30-class
 * {@code fc} head.
 */
public interface Backbone extends QforgePlugin {

    /**
     * This backbone as the config's {@code backbone} object sets it up: the backbone itself when it
     * takes no options (the default, which refuses any), or a new one, e.g. the network read from
     * the ONNX file that {@code path} names. qforge calls it once per run before anything else, so
     * that a bad option or file fails at {@code qforge validate}.
     */
    default Backbone configure(BackboneOptions options) {
        options.read(Set.of());
        return this;
    }

    /** The graph for this spec: topology plus parameter declarations, no weight values. */
    Graph build(BackboneSpec spec);

    /** Where the classifier head is, so that transfer learning can replace it. */
    HeadInfo head();

    /**
     * The smallest input height and width the backbone accepts. Configs asking for less fail
     * validation with this number.
     */
    default int minimumInputSize() {
        return 1;
    }

    /** The preprocessing the pretrained weights expect. */
    Preprocessing defaultPreprocessing();

    /** How many channels an input image has: 3 (RGB), or 1 for a network that takes grayscale. */
    default int inputChannels() {
        return 3;
    }

    /**
     * Whether the configured network comes with weights of its own, such as an ONNX file's
     * initializers, which {@link #ownWeights} gives. qforge starts from them when the config names
     * no {@code weights}.
     */
    default boolean hasOwnWeights() {
        return false;
    }

    /**
     * The network's own weights (see {@link #hasOwnWeights}) by parameter name, created on {@code
     * manager}, for the graph of its own head; empty (the default) when it has none.
     */
    default Map<String, NDArray> ownWeights(NDManager manager) {
        return Map.of();
    }

    /**
     * Maps a parameter name from a foreign checkpoint (torchvision, timm, ONNX initializer) to
     * this backbone's parameter name, or empty when the name is not a parameter of ours.
     */
    default Optional<String> mapWeightName(String externalName) {
        return Optional.of(externalName);
    }

    /**
     * Published weights for this backbone at its default input, by the name configs use for them:
     * {@code "weights": "imagenet"} takes {@code publishedWeights().get("imagenet")}, fetched into
     * qforge's cache and checked by its SHA-256. Empty when there are none.
     */
    default Map<String, RemoteFile> publishedWeights() {
        return Map.of();
    }
}
