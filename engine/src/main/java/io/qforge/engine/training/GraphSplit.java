package io.qforge.engine.training;

import ai.djl.ndarray.types.Shape;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.GraphInput;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.ParameterSpec;
import io.qforge.api.graph.ShapeInference;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A graph cut after its feature node into a backbone (input to features) and a head (features to
 * output), so that features can be computed once and the head trained on them alone.
 */
public record GraphSplit(Graph backbone, Graph head) {

    public static GraphSplit at(Graph graph, String featureNode) {
        int cut = -1;
        for (int i = 0; i < graph.nodes().size(); i++) {
            if (graph.nodes().get(i).name().equals(featureNode)) {
                cut = i;
            }
        }
        if (cut < 0) {
            throw new IllegalArgumentException("graph " + graph.name() + " has no node '" + featureNode + "'");
        }
        List<Node> front = graph.nodes().subList(0, cut + 1);
        List<Node> back = graph.nodes().subList(cut + 1, graph.nodes().size());
        Set<String> frontNames = new HashSet<>();
        front.forEach(n -> frontNames.add(n.name()));
        for (Node n : back) {
            for (String in : n.inputs()) {
                if (frontNames.contains(in) && !in.equals(featureNode)) {
                    throw new IllegalArgumentException("head node '" + n.name() + "' reads '" + in + "' from before the feature node '"
                            + featureNode + "': the graph cannot be cut there");
                }
            }
        }
        Shape features = ShapeInference.infer(graph, 1).get(featureNode).slice(1);
        Graph backbone = new Graph(graph.name() + "-backbone", graph.inputs(), front, List.of(featureNode), parametersOf(graph, front));
        Graph head = new Graph(graph.name() + "-head", List.of(new GraphInput(featureNode, features)), back, graph.outputs(), parametersOf(graph, back));
        return new GraphSplit(backbone, head);
    }

    private static List<ParameterSpec> parametersOf(Graph graph, List<Node> nodes) {
        List<ParameterSpec> out = new ArrayList<>();
        for (Node n : nodes) {
            for (String p : n.params().values()) {
                out.add(graph.parameters().get(p));
            }
        }
        return out;
    }
}
