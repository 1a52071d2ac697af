package io.qforge.plugin.onnx;

import ai.djl.ndarray.types.Shape;
import io.qforge.api.InvalidInputException;
import io.qforge.api.backbone.HeadInfo;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Ops;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which node of an imported network is its classifier head: the one the config names ({@code
 * "head"}), else the last linear layer. A head is a linear layer or a 1x1 conv (as in SqueezeNet);
 * after it may come only ops that keep one value per class (identity, flatten, relu, global
 * average pooling), and the network must be cut before it with nothing after the cut reading from
 * before it, so that feature extraction can cache its input.
 */
final class HeadChoice {

    static final String HEAD = "$.backbone.head";
    private static final Set<String> AFTER_HEAD = Set.of(Ops.IDENTITY, Ops.FLATTEN, Ops.RELU, Ops.GLOBAL_AVG_POOL);

    private HeadChoice() {}

    static HeadInfo choose(Graph graph, Optional<String> requested, String file) {
        Node head = requested.map(name -> named(graph, name, file)).orElseGet(() -> lastLinear(graph, file));
        List<Node> nodes = graph.nodes();
        int at = nodes.indexOf(head);
        for (Node after : nodes.subList(at + 1, nodes.size())) {
            if (!AFTER_HEAD.contains(after.op()) || !after.params().isEmpty()) {
                throw new InvalidInputException(HEAD, "the head '" + head.name() + "' of " + file + " is followed by '" + after.name() + "' ("
                        + after.op() + "), so its outputs are not the classes. Allowed after the head: " + AFTER_HEAD
                        + ". Name the last layer as the head");
            }
        }
        String features = head.inputs().get(0);
        checkCut(graph, features, head, file);
        List<String> params = new ArrayList<>();
        params.add(head.param("weight"));
        if (head.param("bias") != null) {
            params.add(head.param("bias"));
        }
        Shape w = graph.parameters().get(head.param("weight")).shape();
        return new HeadInfo(head.name(), params, Math.toIntExact(w.get(1)), features);
    }

    private static Node named(Graph graph, String name, String file) {
        Node n = graph.node(name);
        if (n == null) {
            throw new InvalidInputException(HEAD, "'" + name + "' is not a node of " + file + ". Its linear layers and 1x1 convs: " + candidates(graph));
        }
        boolean conv1x1 = n.op().equals(Ops.CONV2D) && n.intAttr("group", 1) == 1 && n.intsAttr("kernel", List.of()).equals(List.of(1, 1));
        if (!n.op().equals(Ops.LINEAR) && !conv1x1) {
            throw new InvalidInputException(HEAD, "'" + name + "' is a " + n.op() + ". Allowed: a linear layer or a 1x1 conv: " + candidates(graph));
        }
        return n;
    }

    private static Node lastLinear(Graph graph, String file) {
        List<Node> linear = graph.nodes().stream().filter(n -> n.op().equals(Ops.LINEAR)).toList();
        if (linear.isEmpty()) {
            throw new InvalidInputException(HEAD, file + " has no linear layer to take as its head. Name the head, e.g. \"head\": \"<its last 1x1 conv>\": "
                    + candidates(graph));
        }
        return linear.get(linear.size() - 1);
    }

    /** The last few linear layers and 1x1 convs, for messages. */
    private static List<String> candidates(Graph graph) {
        List<String> names = graph.nodes().stream().filter(n -> n.op().equals(Ops.LINEAR)
                || n.op().equals(Ops.CONV2D) && n.intsAttr("kernel", List.of()).equals(List.of(1, 1))).map(Node::name).toList();
        return names.subList(Math.max(0, names.size() - 5), names.size());
    }

    /** Nothing from the feature node on may read a tensor computed before it. */
    private static void checkCut(Graph graph, String features, Node head, String file) {
        int cut = graph.nodes().indexOf(graph.node(features));
        if (cut < 0) {
            throw new InvalidInputException(HEAD, "the head '" + head.name() + "' of " + file + " reads the image itself. Allowed: a head on features");
        }
        Set<String> before = new HashSet<>();
        graph.inputs().forEach(i -> before.add(i.name()));
        graph.nodes().subList(0, cut).forEach(n -> before.add(n.name()));
        for (Node n : graph.nodes().subList(cut + 1, graph.nodes().size())) {
            for (String in : n.inputs()) {
                if (before.contains(in)) {
                    throw new InvalidInputException(HEAD, "'" + n.name() + "' of " + file + " reads '" + in + "' from before the head's features '"
                            + features + "', so the network cannot be cut there to train a new head. Name a head whose input all later layers build on");
                }
            }
        }
    }
}
