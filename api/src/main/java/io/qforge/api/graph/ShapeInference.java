package io.qforge.api.graph;

import ai.djl.ndarray.types.Shape;
import io.qforge.api.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The output shape of every node, from the input shapes and the attributes alone, without
 * computing anything. It also catches what would fail at run time: an input too small for the
 * network, channel counts that do not match the weights, and padding the executor cannot apply.
 */
public final class ShapeInference {

    private ShapeInference() {}

    /** Output shapes by node name (and graph input name), with a leading batch dimension. */
    public static Map<String, Shape> infer(Graph graph, long batch) {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        for (GraphInput in : graph.inputs()) {
            shapes.put(in.name(), new Shape(batch).addAll(in.sampleShape()));
        }
        for (Node node : graph.nodes()) {
            Shape x = shapes.get(node.inputs().get(0));
            shapes.put(node.name(), outputShape(graph, node, x, shapes));
        }
        return shapes;
    }

    private static Shape outputShape(Graph graph, Node node, Shape x, Map<String, Shape> shapes) {
        return switch (node.op()) {
            case Ops.CONV2D, Ops.DEPTHWISE_CONV2D -> conv(graph, node, x);
            case Ops.MAX_POOL2D, Ops.AVG_POOL2D -> window(node, x, x.get(1), node.boolAttr("ceil_mode", false));
            case Ops.GLOBAL_AVG_POOL -> new Shape(x.get(0), x.get(1), 1, 1);
            case Ops.FLATTEN -> flatten(x, node);
            case Ops.LINEAR -> linear(graph, node, x);
            case Ops.ADD -> {
                Shape other = shapes.get(node.inputs().get(1));
                if (!other.equals(x)) {
                    throw new InvalidInputException(node.name(), "adds tensors of shapes " + x + " and " + other);
                }
                yield x;
            }
            case Ops.CONCAT -> concat(node, shapes);
            default -> x;
        };
    }

    /** Inputs that agree but in their channels, which add up. */
    private static Shape concat(Node node, Map<String, Shape> shapes) {
        if (node.intAttr("axis", 1) != 1) {
            throw new InvalidInputException(node.name(), "concatenates along axis " + node.intAttr("axis", 1) + ". Allowed: axis 1, the channels");
        }
        Shape first = shapes.get(node.inputs().get(0));
        long channels = 0;
        for (String in : node.inputs()) {
            Shape s = shapes.get(in);
            if (s.dimension() != first.dimension() || s.get(0) != first.get(0) || !s.slice(2).equals(first.slice(2))) {
                throw new InvalidInputException(node.name(), "concatenates tensors of shapes " + first + " and " + s
                        + ", which differ in more than their channels");
            }
            channels += s.get(1);
        }
        return new Shape(first.get(0), channels).addAll(first.slice(2));
    }

    private static Shape conv(Graph graph, Node node, Shape x) {
        ParameterSpec w = graph.parameters().get(node.param("weight"));
        int group = node.intAttr("group", 1);
        if (x.get(1) != w.shape().get(1) * group) {
            throw new InvalidInputException(node.name(), "gets " + x.get(1) + " channels, but its weight "
                    + w.name() + " of shape " + w.shape() + " with group " + group + " takes " + w.shape().get(1) * group);
        }
        return window(node, x, w.shape().get(0), false);
    }

    /** Sliding-window output: floor((in + pads - dilation (k - 1) - 1) / stride) + 1, or ceil. */
    private static Shape window(Node node, Shape x, long channels, boolean ceil) {
        List<Integer> k = node.intsAttr("kernel", null);
        List<Integer> s = node.intsAttr("stride", List.of(1, 1));
        List<Integer> d = node.intsAttr("dilation", List.of(1, 1));
        List<Integer> pad = node.intsAttr("pad", List.of(0, 0, 0, 0));
        if (!pad.get(0).equals(pad.get(1)) || !pad.get(2).equals(pad.get(3))) {
            throw new InvalidInputException(node.name(), "has asymmetric padding " + pad
                    + " (left, right, top, bottom), which the executor cannot apply yet. Allowed: left = right and top = bottom");
        }
        long h = extent(x.get(2), k.get(1), s.get(1), d.get(1), pad.get(2), pad.get(3), ceil);
        long w = extent(x.get(3), k.get(0), s.get(0), d.get(0), pad.get(0), pad.get(1), ceil);
        if (h < 1 || w < 1) {
            throw new InvalidInputException(node.name(), "gets an input of " + x.get(2) + "x" + x.get(3)
                    + ", too small for its " + k.get(1) + "x" + k.get(0) + " window: the output would be " + h + "x" + w
                    + ". Use a larger input size");
        }
        return new Shape(x.get(0), channels, h, w);
    }

    /**
     * Rounded up, PyTorch also drops a last window that would start in the end padding, so that
     * every window overlaps the input or the begin padding.
     */
    private static long extent(long in, int kernel, int stride, int dilation, int padBegin, int padEnd, boolean ceil) {
        long span = in + padBegin + padEnd - (long) dilation * (kernel - 1) - 1;
        if (span < 0) {
            return 0;
        }
        long out = (ceil ? Math.floorDiv(span + stride - 1, stride) : Math.floorDiv(span, stride)) + 1;
        if (ceil && (out - 1) * stride >= in + padBegin) {
            out--;
        }
        return out;
    }

    public static Shape flatten(Shape x, Node node) {
        int start = node.intAttr("start_axis", 1);
        int end = node.intAttr("end_axis", -1);
        int last = end < 0 ? x.dimension() + end : end;
        long merged = 1;
        for (int i = start; i <= last; i++) {
            merged *= x.get(i);
        }
        Shape out = x.slice(0, start).add(merged);
        return last + 1 < x.dimension() ? out.addAll(x.slice(last + 1)) : out;
    }

    private static Shape linear(Graph graph, Node node, Shape x) {
        Shape w = graph.parameters().get(node.param("weight")).shape();
        if (x.get(x.dimension() - 1) != w.get(1)) {
            throw new InvalidInputException(node.name(), "gets " + x.get(x.dimension() - 1) + " features, but its weight "
                    + node.param("weight") + " of shape " + w + " takes " + w.get(1));
        }
        return x.slice(0, x.dimension() - 1).add(w.get(0));
    }
}
