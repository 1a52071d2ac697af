package io.qforge.engine.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.qforge.api.Backbone;
import io.qforge.api.InvalidInputException;
import io.qforge.api.context.PluginContext;
import io.qforge.api.context.RemoteFile;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.ParameterSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Weights a backbone brings: those it publishes (fetched through the context) and its own (an ONNX file's). */
final class BackboneWeights {

    private BackboneWeights() {}

    /** The local copy of the weights {@code backbone} publishes under {@code name}; {@code at} is the JSON path that asked. */
    static Path published(Backbone backbone, String name, PluginContext context, String at) {
        RemoteFile file = backbone.publishedWeights().get(name);
        if (file == null) {
            throw new InvalidInputException(at, "the backbone " + backbone.name() + " publishes no '" + name + "' weights. "
                    + (backbone.publishedWeights().isEmpty() ? "It publishes none" : "It publishes: " + new TreeSet<>(backbone.publishedWeights().keySet()))
                    + ". Give the path of a weights file instead");
        }
        return context.fetch(file);
    }

    /**
     * The backbone's own weights for {@code graph}, but the parameters in {@code skip} (a head to be
     * replaced); a parameter they lack, or hold in another shape, is an error at {@code at} naming it.
     */
    static Map<String, NDArray> own(Backbone backbone, Graph graph, NDManager manager, Set<String> skip, String at) {
        Map<String, NDArray> own = backbone.ownWeights(manager);
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (ParameterSpec p : graph.parameters().values()) {
            if (skip.contains(p.name())) {
                continue;
            }
            NDArray value = own.get(p.name());
            if (value == null || !value.getShape().equals(p.shape())) {
                boolean head = backbone.head().parameterNames().contains(p.name());
                throw new InvalidInputException(at, backbone.name() + "'s own weights " + (value == null ? "lack " + p.name()
                        : "hold " + p.name() + " as " + value.getShape() + ", but the model needs " + p.shape())
                        + (head ? ": the head predicts another number of classes than the " + graph.parameters().get(p.name()).shape().get(0)
                                + " the config asks for. Set the model's classes (" + at + ".classes, as many as its outputs), or train a new head" : ""));
            }
            out.put(p.name(), value);
        }
        return out;
    }
}
