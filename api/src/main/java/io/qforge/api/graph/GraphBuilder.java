package io.qforge.api.graph;

import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a graph layer by layer, in the order PyTorch's modules run, declaring each layer's
 * parameters under torchvision's names ({@code <module>.weight}, {@code <module>.running_mean},
 * ...) unless told other names. Each layer method appends one node and returns its name, to chain
 * the next layer on; {@link #build} checks the whole graph.
 *
 * <p>Example, a two-layer network for 10 classes on 3x32x32 images:
 *
 * <pre>{@code
 * GraphBuilder b = new GraphBuilder();
 * String x = b.conv("conv1", "input", 3, 16, 3, 1, 1);
 * x = b.relu("relu", x);
 * x = b.globalAvgPool("avgpool", x);
 * x = b.flatten("flatten", x);
 * b.linear("fc", x, 16, 10);
 * Graph g = b.build("tiny", new GraphInput("input", new Shape(3, 32, 32)), "fc");
 * }</pre>
 */
public final class GraphBuilder {

    /** PyTorch's BatchNorm2d defaults. */
    public static final float BN_EPSILON = 1e-5f;
    public static final float BN_MOMENTUM = 0.1f;

    private final List<Node> nodes = new ArrayList<>();
    private final List<ParameterSpec> parameters = new ArrayList<>();
    private final List<ModuleScope> modules = new ArrayList<>();

    /** nn.Conv2d(in, out, kernel, stride, padding, bias=False), square kernel. */
    public String conv(String name, String input, int in, int out, int kernel, int stride, int pad) {
        return conv(name, input, in, out, Window.square(kernel).stride(stride).pad(pad), 1, false);
    }

    /**
     * nn.Conv2d(in, out, window, groups=groups, bias=bias). A conv with as many groups as input
     * channels (and more than one) is a {@link Ops#DEPTHWISE_CONV2D}, as XIR has it.
     */
    public String conv(String name, String input, int in, int out, Window window, int groups, boolean bias) {
        return conv(name, input, in, out, window, groups, name + ".weight", bias ? name + ".bias" : null);
    }

    /** The same conv with its parameters named {@code weightName} and {@code biasName} (null: no bias). */
    public String conv(String name, String input, int in, int out, Window window, int groups, String weightName, String biasName) {
        if (groups < 1 || in % groups != 0 || out % groups != 0) {
            throw new IllegalArgumentException("conv " + name + ": " + in + " input and " + out + " output channels do not split into "
                    + groups + " groups");
        }
        parameters.add(new ParameterSpec(weightName, new Shape(out, in / groups, window.kernelH(), window.kernelW()), "kaiming_normal_fan_out", true));
        Map<String, String> params = new LinkedHashMap<>();
        params.put("weight", weightName);
        if (biasName != null) {
            parameters.add(new ParameterSpec(biasName, new Shape(out), "zeros", true));
            params.put("bias", biasName);
        }
        Map<String, Object> attrs = window.convAttributes();
        attrs.put("group", groups);
        String op = groups > 1 && groups == in ? Ops.DEPTHWISE_CONV2D : Ops.CONV2D;
        return add(new Node(name, op, List.of(input), params, attrs));
    }

    /** nn.BatchNorm2d(channels). */
    public String batchNorm(String name, String input, int channels) {
        return batchNorm(name, input, channels, BN_EPSILON, BN_MOMENTUM,
                List.of(name + ".weight", name + ".bias", name + ".running_mean", name + ".running_var"));
    }

    /** A batch norm with its parameters named as given: weight, bias, running mean, running variance, in that order. */
    public String batchNorm(String name, String input, int channels, float epsilon, float momentum, List<String> parameterNames) {
        List<String> roles = List.of("weight", "bias", "running_mean", "running_var");
        List<String> inits = List.of("ones", "zeros", "zeros", "ones");
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < roles.size(); i++) {
            parameters.add(new ParameterSpec(parameterNames.get(i), new Shape(channels), inits.get(i), i < 2));
            params.put(roles.get(i), parameterNames.get(i));
        }
        return add(new Node(name, Ops.BATCH_NORM, List.of(input), params, Map.of("epsilon", epsilon, "momentum", momentum)));
    }

    public String relu(String name, String input) {
        return add(new Node(name, Ops.RELU, List.of(input), Map.of(), Map.of()));
    }

    /** nn.ReLU6: min(max(x, 0), 6). */
    public String relu6(String name, String input) {
        return add(new Node(name, Ops.RELU6, List.of(input), Map.of(), Map.of()));
    }

    /** nn.LeakyReLU(alpha). */
    public String leakyRelu(String name, String input, float alpha) {
        return add(new Node(name, Ops.LEAKY_RELU, List.of(input), Map.of(), Map.of("alpha", alpha)));
    }

    /** nn.MaxPool2d(kernel, stride, padding). */
    public String maxPool(String name, String input, int kernel, int stride, int pad) {
        return maxPool(name, input, Window.square(kernel).stride(stride).pad(pad));
    }

    public String maxPool(String name, String input, Window window) {
        return add(new Node(name, Ops.MAX_POOL2D, List.of(input), Map.of(), window.poolAttributes()));
    }

    /**
     * nn.AvgPool2d(window); {@code countIncludePad} as PyTorch's {@code count_include_pad} (its
     * default is true): whether padded zeros count in each window's average.
     */
    public String avgPool(String name, String input, Window window, boolean countIncludePad) {
        Map<String, Object> attrs = window.poolAttributes();
        attrs.put("count_include_pad", countIncludePad);
        return add(new Node(name, Ops.AVG_POOL2D, List.of(input), Map.of(), attrs));
    }

    /** nn.AdaptiveAvgPool2d((1, 1)). */
    public String globalAvgPool(String name, String input) {
        return add(new Node(name, Ops.GLOBAL_AVG_POOL, List.of(input), Map.of(), Map.of()));
    }

    /** The elementwise sum of two tensors of one shape, e.g. a residual connection. */
    public String sum(String name, String a, String b) {
        return add(new Node(name, Ops.ADD, List.of(a, b), Map.of(), Map.of()));
    }

    /** torch.cat(inputs, dim=1): the inputs' channels, one after the other. */
    public String concat(String name, List<String> inputs) {
        return add(new Node(name, Ops.CONCAT, inputs, Map.of(), Map.of("axis", 1)));
    }

    /** torch.flatten(x, 1). */
    public String flatten(String name, String input) {
        return add(new Node(name, Ops.FLATTEN, List.of(input), Map.of(), Map.of("start_axis", 1, "end_axis", -1)));
    }

    /** nn.Linear(in, out). */
    public String linear(String name, String input, int in, int out) {
        return linear(name, input, in, out, name + ".weight", name + ".bias");
    }

    /** nn.Linear(in, out) with its parameters named {@code weightName} and {@code biasName}. */
    public String linear(String name, String input, int in, int out, String weightName, String biasName) {
        parameters.add(new ParameterSpec(weightName, new Shape(out, in), "linear_uniform", true));
        parameters.add(new ParameterSpec(biasName, new Shape(out), "linear_uniform", true));
        return add(new Node(name, Ops.LINEAR, List.of(input), Map.of("weight", weightName, "bias", biasName), Map.of()));
    }

    /** A node that passes its input on, e.g. nn.Dropout at inference. */
    public String identity(String name, String input) {
        return add(new Node(name, Ops.IDENTITY, List.of(input), Map.of(), Map.of()));
    }

    /** Any node, for an op the methods above do not cover; its parameters must be declared with {@link #declare}. */
    public String add(Node node) {
        nodes.add(node);
        return node.name();
    }

    /** Declares a parameter that a node added with {@link #add(Node)} uses. */
    public void declare(ParameterSpec parameter) {
        parameters.add(parameter);
    }

    /** Records a composite module of the source framework (e.g. torchvision's BasicBlock) that ends at {@code outputNode}. */
    public void module(String name, String type, String outputNode) {
        modules.add(new ModuleScope(name, type, outputNode));
    }

    /** The graph so far, with one input and one output; {@link Graph}'s constructor checks it. */
    public Graph build(String graphName, GraphInput input, String output) {
        return new Graph(graphName, List.of(input), nodes, List.of(output), parameters, modules);
    }
}
