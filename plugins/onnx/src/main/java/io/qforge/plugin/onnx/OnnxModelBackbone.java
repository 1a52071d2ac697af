package io.qforge.plugin.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.qforge.api.Backbone;
import io.qforge.api.InvalidInputException;
import io.qforge.api.backbone.BackboneSpec;
import io.qforge.api.backbone.HeadInfo;
import io.qforge.api.backbone.Preprocessing;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.GraphInput;
import io.qforge.api.graph.ParameterSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The network of one ONNX file, as the {@code onnx} backbone read it: built for any input size the
 * layers allow and any number of classes (the head's output channels change, nothing else), with
 * the file's weights as its own. Parameters keep the names of the tensors the file's nodes read.
 */
final class OnnxModelBackbone implements Backbone {

    private final ImportedNetwork network;
    private final HeadInfo head;

    OnnxModelBackbone(ImportedNetwork network, HeadInfo head) {
        this.network = network;
        this.head = head;
    }

    @Override
    public String name() {
        return OnnxBackbone.NAME;
    }

    @Override
    public String description() {
        return "the ONNX model " + network.graph().name();
    }

    private GraphInput input() {
        return network.graph().inputs().get(0);
    }

    @Override
    public int inputChannels() {
        return Math.toIntExact(input().sampleShape().get(0));
    }

    @Override
    public Graph build(BackboneSpec spec) {
        if (spec.channels() != inputChannels()) {
            throw new InvalidInputException("$.backbone", "the ONNX model takes images of " + inputChannels() + " channels, not " + spec.channels());
        }
        Graph g = network.graph();
        List<ParameterSpec> params = new ArrayList<>();
        for (ParameterSpec p : g.parameters().values()) {
            params.add(head.parameterNames().contains(p.name()) ? withClasses(p, spec.numClasses()) : p);
        }
        GraphInput in = new GraphInput(input().name(), new Shape(spec.channels(), spec.height(), spec.width()));
        return new Graph(g.name(), List.of(in), g.nodes(), g.outputs(), params, g.modules());
    }

    /** A head parameter for {@code classes} outputs: its first dimension is one per class. */
    private static ParameterSpec withClasses(ParameterSpec p, int classes) {
        long[] dims = p.shape().getShape();
        dims[0] = classes;
        return new ParameterSpec(p.name(), new Shape(dims), p.init(), p.trainable());
    }

    @Override
    public HeadInfo head() {
        return head;
    }

    @Override
    public int minimumInputSize() {
        return 1;
    }

    /**
     * The file's input size, and ImageNet's normalization, as qforge cannot know the normalization
     * the model was trained with; a config sets the right one in {@code preprocessing}.
     */
    @Override
    public Preprocessing defaultPreprocessing() {
        Shape s = input().sampleShape();
        Preprocessing imagenet = Preprocessing.imagenet();
        return inputChannels() == 3 ? new Preprocessing((int) s.get(1), (int) s.get(2), imagenet.mean(), imagenet.std())
                : new Preprocessing((int) s.get(1), (int) s.get(2), List.of(0.5f), List.of(0.5f));
    }

    @Override
    public boolean hasOwnWeights() {
        return true;
    }

    @Override
    public Map<String, NDArray> ownWeights(NDManager manager) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        network.graph().parameters().forEach((name, p) -> out.put(name, manager.create(network.weights().get(name), p.shape())));
        return out;
    }
}
