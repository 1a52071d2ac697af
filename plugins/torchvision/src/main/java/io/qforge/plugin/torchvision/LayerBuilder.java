package io.qforge.plugin.torchvision;

import ai.djl.ndarray.types.Shape;
import io.qforge.api.graph.ModuleScope;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Ops;
import io.qforge.api.graph.ParameterSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Appends PyTorch-style layers to a node list, declaring their parameters under torchvision's
 * names ({@code <module>.weight}, {@code <module>.running_mean}, ...). Each method returns the
 * name of the node it added, to chain the next layer on.
 */
final class LayerBuilder {

    /** PyTorch's BatchNorm2d defaults. */
    static final float BN_EPSILON = 1e-5f;
    static final float BN_MOMENTUM = 0.1f;

    final List<Node> nodes = new ArrayList<>();
    final List<ParameterSpec> parameters = new ArrayList<>();
    final List<ModuleScope> modules = new ArrayList<>();

    /** nn.Conv2d(in, out, k, stride, padding, bias=False), square kernel. */
    String conv(String name, String input, int in, int out, int kernel, int stride, int pad) {
        parameters.add(new ParameterSpec(name + ".weight", new Shape(out, in, kernel, kernel), "kaiming_normal_fan_out", true));
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("kernel", List.of(kernel, kernel));
        attrs.put("stride", List.of(stride, stride));
        attrs.put("dilation", List.of(1, 1));
        attrs.put("pad", List.of(pad, pad, pad, pad));
        attrs.put("group", 1);
        return add(new Node(name, Ops.CONV2D, List.of(input), Map.of("weight", name + ".weight"), attrs));
    }

    /** nn.BatchNorm2d(channels). */
    String batchNorm(String name, String input, int channels) {
        Shape shape = new Shape(channels);
        parameters.add(new ParameterSpec(name + ".weight", shape, "ones", true));
        parameters.add(new ParameterSpec(name + ".bias", shape, "zeros", true));
        parameters.add(new ParameterSpec(name + ".running_mean", shape, "zeros", false));
        parameters.add(new ParameterSpec(name + ".running_var", shape, "ones", false));
        Map<String, String> params = new LinkedHashMap<>();
        for (String role : List.of("weight", "bias", "running_mean", "running_var")) {
            params.put(role, name + "." + role);
        }
        return add(new Node(name, Ops.BATCH_NORM, List.of(input), params, Map.of("epsilon", BN_EPSILON, "momentum", BN_MOMENTUM)));
    }

    String relu(String name, String input) {
        return add(new Node(name, Ops.RELU, List.of(input), Map.of(), Map.of()));
    }

    /** nn.MaxPool2d(kernel, stride, padding). */
    String maxPool(String name, String input, int kernel, int stride, int pad) {
        return add(new Node(name, Ops.MAX_POOL2D, List.of(input), Map.of(), Map.of(
                "kernel", List.of(kernel, kernel), "stride", List.of(stride, stride),
                "pad", List.of(pad, pad, pad, pad), "ceil_mode", false)));
    }

    String sum(String name, String a, String b) {
        return add(new Node(name, Ops.ADD, List.of(a, b), Map.of(), Map.of()));
    }

    /** nn.AdaptiveAvgPool2d((1, 1)). */
    String globalAvgPool(String name, String input) {
        return add(new Node(name, Ops.GLOBAL_AVG_POOL, List.of(input), Map.of(), Map.of()));
    }

    /** torch.flatten(x, 1). */
    String flatten(String name, String input) {
        return add(new Node(name, Ops.FLATTEN, List.of(input), Map.of(), Map.of("start_axis", 1, "end_axis", -1)));
    }

    /** nn.Linear(in, out). */
    String linear(String name, String input, int in, int out) {
        parameters.add(new ParameterSpec(name + ".weight", new Shape(out, in), "linear_uniform", true));
        parameters.add(new ParameterSpec(name + ".bias", new Shape(out), "linear_uniform", true));
        return add(new Node(name, Ops.LINEAR, List.of(input), Map.of("weight", name + ".weight", "bias", name + ".bias"), Map.of()));
    }

    void module(String name, String type, String outputNode) {
        modules.add(new ModuleScope(name, type, outputNode));
    }

    private String add(Node node) {
        nodes.add(node);
        return node.name();
    }
}
