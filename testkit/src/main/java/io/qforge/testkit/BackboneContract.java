package io.qforge.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import io.qforge.api.Backbone;
import io.qforge.api.backbone.BackboneSpec;
import io.qforge.api.backbone.HeadInfo;
import io.qforge.api.backbone.Preprocessing;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.ParameterSpec;
import io.qforge.api.graph.ShapeInference;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract of a {@link Backbone}: a graph whose shapes infer and that ends in one logit per
 * class for any class count, a head that is in the graph with the sizes it declares, the same
 * graph on every build, and usable default preprocessing. Override {@link #inputSize()} to test
 * at another size than the smallest your backbone accepts (at least 32).
 */
public abstract class BackboneContract {

    protected abstract Backbone backbone();

    /** The input height and width the graph is built for. */
    protected int inputSize() {
        return Math.max(32, backbone().minimumInputSize());
    }

    private Graph build(int classes) {
        return backbone().build(new BackboneSpec(classes, 3, inputSize(), inputSize()));
    }

    @Test
    void nameIsAConfigWord() {
        PluginNames.check(backbone());
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 10, 1000})
    void graphEndsInOneLogitPerClass(int classes) {
        Graph graph = build(classes);
        assertEquals(1, graph.inputs().size(), "one image input");
        assertEquals(1, graph.outputs().size(), "one logits output");
        Map<String, Shape> shapes = ShapeInference.infer(graph, 2);
        assertEquals(new Shape(2, classes), shapes.get(graph.outputs().get(0)), "logits of a batch of 2 for " + classes + " classes");
    }

    @Test
    void headIsInTheGraphWithTheSizesItDeclares() {
        Graph graph = build(7);
        HeadInfo head = backbone().head();
        assertNotNull(graph.node(head.nodeName()), "head node " + head.nodeName() + " is in the graph");
        assertNotNull(graph.node(head.featureNode()), "feature node " + head.featureNode() + " is in the graph");
        assertTrue(!head.parameterNames().isEmpty(), "the head has parameters to train");
        for (String name : head.parameterNames()) {
            ParameterSpec p = graph.parameters().get(name);
            assertNotNull(p, "head parameter " + name + " is in the graph");
            assertTrue(p.trainable(), "head parameter " + name + " is trainable");
        }
        Map<String, Shape> shapes = ShapeInference.infer(graph, 1);
        assertEquals(head.inFeatures(), shapes.get(head.featureNode()).get(1), "the feature node yields inFeatures channels per image");
    }

    @Test
    void everyBuildIsTheSameGraph() {
        Graph a = build(5);
        Graph b = build(5);
        List<Node> nodes = a.nodes();
        assertEquals(nodes, b.nodes(), "same nodes in the same order");
        assertEquals(a.parameters(), b.parameters(), "same parameters");
    }

    @Test
    void defaultPreprocessingIsUsable() {
        Preprocessing p = backbone().defaultPreprocessing();
        assertTrue(p.height() >= backbone().minimumInputSize() && p.width() >= backbone().minimumInputSize(),
                "the default input " + p.height() + "x" + p.width() + " is one the backbone accepts");
        assertTrue(p.mean().size() == 1 || p.mean().size() == 3, "mean and std per channel (or one for all)");
    }
}
