package io.qforge.plugin.onnx;

import ai.djl.ndarray.types.Shape;
import io.qforge.api.InvalidInputException;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.GraphBuilder;
import io.qforge.api.graph.GraphInput;
import io.qforge.api.graph.ShapeInference;
import io.qforge.api.graph.Window;
import io.qforge.onnx.OnnxModel.GraphProto;
import io.qforge.onnx.OnnxModel.ModelProto;
import io.qforge.onnx.OnnxModel.NodeProto;
import io.qforge.onnx.OnnxModel.OperatorSetIdProto;
import io.qforge.onnx.OnnxModel.TensorShapeProto;
import io.qforge.onnx.OnnxModel.ValueInfoProto;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads an ONNX model (opset 11 to 21, as {@code torch.onnx.export} writes it) into qforge's graph
 * and its weights. Each ONNX node becomes IR nodes named after it (or after its output when it has
 * no name), and each weight a parameter named after the tensor the node reads; shape arithmetic on
 * constants is folded away, and Identity and Dropout pass their input on. Every node qforge cannot
 * read is listed, all at once, with its name, op type and inputs.
 */
final class OnnxImporter {

    static final int MIN_OPSET = 11;
    static final int MAX_OPSET = 21;
    static final String SUPPORTED = "Conv (groups, depthwise, dilation), BatchNormalization, Relu, Clip as ReLU6 or ReLU, LeakyRelu, MaxPool, "
            + "AveragePool, GlobalAveragePool, ReduceMean over H and W, Add, Concat along channels, Flatten, Reshape and Squeeze to "
            + "(batch, features), Gemm, MatMul plus Add, Identity, Dropout, and shape arithmetic on constants";
    /** The ops qforge reads on computed tensors; the others only on constants, which it folds. */
    private static final Set<String> DATA_OPS = Set.of("Conv", "BatchNormalization", "Relu", "LeakyRelu", "Clip", "MaxPool", "AveragePool",
            "GlobalAveragePool", "ReduceMean", "Add", "Concat", "Flatten", "Reshape", "Squeeze", "Gemm", "MatMul", "Identity", "Dropout", "Shape");
    /** The batch size shapes are inferred for; a Reshape to (1, features) is a flatten. */
    private static final int BATCH = 1;

    private final String file;
    private final int opset;
    private final GraphBuilder builder = new GraphBuilder();
    private final Map<String, Constant> constants = new HashMap<>();
    /** ONNX tensor name to the IR tensor holding it. */
    private final Map<String, String> tensors = new HashMap<>();
    /** ONNX tensors that depend on a node qforge cannot read. */
    private final Set<String> unknown = new HashSet<>();
    private final Map<String, List<NodeProto>> consumers = new HashMap<>();
    private final Set<NodeProto> absorbed = new HashSet<>();
    private final Set<String> names = new HashSet<>();
    private final Map<String, float[]> weights = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private GraphInput input;

    private OnnxImporter(String file, int opset) {
        this.file = file;
        this.opset = opset;
    }

    /** The network of {@code model}, read from {@code file}; bad input fails at {@code $.backbone.path}. */
    static ImportedNetwork read(ModelProto model, String file) {
        int opset = opset(model, file);
        if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
            throw new InvalidInputException(OnnxBackbone.PATH, file + " has no graph. It is not an ONNX model, or an empty one");
        }
        return new OnnxImporter(file, opset).importGraph(model.getGraph());
    }

    private static int opset(ModelProto model, String file) {
        for (OperatorSetIdProto o : model.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                long v = o.getVersion();
                if (v < MIN_OPSET || v > MAX_OPSET) {
                    throw new InvalidInputException(OnnxBackbone.PATH, file + " uses ONNX opset " + v + ". Allowed: opset " + MIN_OPSET + " to "
                            + MAX_OPSET + "; export again with torch.onnx.export(..., opset_version=13)");
                }
                return (int) v;
            }
        }
        throw new InvalidInputException(OnnxBackbone.PATH, file + " imports no standard ONNX opset. Allowed: opset " + MIN_OPSET + " to " + MAX_OPSET);
    }

    private ImportedNetwork importGraph(GraphProto g) {
        g.getInitializerList().forEach(t -> constants.put(t.getName(), constant(() -> Constant.of(t))));
        input = dataInput(g);
        tensors.put(input.name(), input.name());
        names.add(input.name());
        for (NodeProto n : g.getNodeList()) {
            for (String in : n.getInputList()) {
                consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
            }
        }
        for (NodeProto n : g.getNodeList()) {
            if (!absorbed.contains(n)) {
                visit(n);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(OnnxBackbone.PATH, file + " has " + problems.size() + " node" + (problems.size() == 1 ? "" : "s")
                    + " qforge cannot read:\n  " + String.join("\n  ", problems) + "\nqforge reads " + SUPPORTED);
        }
        String outputName = g.getOutput(0).getName();
        String output = tensors.get(outputName);
        if (output == null || output.equals(input.name())) {
            throw new InvalidInputException(OnnxBackbone.PATH, file + "'s output '" + outputName + "' is not computed from its input");
        }
        Graph graph = builder.build(networkName(), input, output);
        Shape logits = ShapeInference.infer(graph, BATCH).get(output);
        if (logits.dimension() != 2) {
            throw new InvalidInputException(OnnxBackbone.PATH, file + " ends in a tensor of shape " + logits + " (batch 1). Allowed: logits of "
                    + "shape (batch, classes), as a classifier's last linear layer gives them");
        }
        return new ImportedNetwork(graph, weights);
    }

    /** The file's name without .onnx, in the letters a file or shell name takes: compiled artifacts are named after it. */
    private String networkName() {
        String base = Path.of(file).getFileName().toString().replaceFirst("(?i)\\.onnx$", "");
        String safe = base.replaceAll("[^A-Za-z0-9_-]", "_");
        return safe.isEmpty() ? "onnx" : safe;
    }

    /** The one graph input that is not an initializer: an image batch, (N, C, H, W). */
    private GraphInput dataInput(GraphProto g) {
        List<ValueInfoProto> data = g.getInputList().stream().filter(v -> !constants.containsKey(v.getName())).toList();
        if (data.size() != 1) {
            throw new InvalidInputException(OnnxBackbone.PATH, file + " has " + data.size() + " data inputs " + data.stream().map(ValueInfoProto::getName).toList()
                    + ". Allowed: one, the image batch (N, C, H, W)");
        }
        ValueInfoProto v = data.get(0);
        List<TensorShapeProto.Dimension> dims = v.getType().getTensorType().getShape().getDimList();
        if (dims.size() != 4 || dims.get(1).getDimValue() < 1) {
            throw new InvalidInputException(OnnxBackbone.PATH, file + "'s input '" + v.getName() + "' has " + dims.size()
                    + " dimensions" + (dims.size() == 4 ? " and no fixed channel count" : "") + ". Allowed: an image batch (N, C, H, W) with C fixed");
        }
        long h = dims.get(2).getDimValue() > 0 ? dims.get(2).getDimValue() : ImportedNetwork.DEFAULT_SIZE;
        long w = dims.get(3).getDimValue() > 0 ? dims.get(3).getDimValue() : ImportedNetwork.DEFAULT_SIZE;
        return new GraphInput(v.getName(), new Shape(dims.get(1).getDimValue(), h, w));
    }

    private void visit(NodeProto n) {
        String op = n.getOpType();
        List<String> ins = n.getInputList().stream().filter(s -> !s.isEmpty()).toList();
        if (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx")) {
            unsupported(n, "is an op of the custom domain '" + n.getDomain() + "'");
            return;
        }
        if (ins.stream().anyMatch(unknown::contains)) {
            // Its input could not be read; report the node only if qforge could not read it on a computed tensor either.
            if (!DATA_OPS.contains(op)) {
                unsupported(n, foreign(op));
            }
            unknown.addAll(n.getOutputList());
            return;
        }
        if (op.equals("Constant")) {
            constants.put(n.getOutput(0), constant(() -> constantNode(n)));
            return;
        }
        if (op.equals("Shape")) {
            shape(n);
            return;
        }
        if (!ins.isEmpty() && ins.stream().allMatch(constants::containsKey)) {
            List<Constant> values = ins.stream().map(constants::get).toList();
            Optional<Constant> folded;
            try {
                folded = ConstantFolding.fold(n, values, opset);
            } catch (IllegalArgumentException | IndexOutOfBoundsException | ArithmeticException e) {
                unsupported(n, "computes on constants in a way qforge does not fold: " + e.getMessage());
                return;
            }
            if (folded.isEmpty()) {
                unsupported(n, "computes on constants with an op qforge does not fold");
            } else {
                constants.put(n.getOutput(0), folded.get());
            }
            return;
        }
        switch (op) {
            case "Conv" -> conv(n);
            case "BatchNormalization" -> batchNorm(n);
            case "Relu" -> define(n, builder.relu(name(n), data(n, 0)));
            case "LeakyRelu" -> define(n, builder.leakyRelu(name(n), data(n, 0), new NodeAttributes(n).real("alpha", 0.01f)));
            case "Clip" -> clip(n);
            case "MaxPool", "AveragePool" -> pool(n);
            case "GlobalAveragePool" -> define(n, builder.globalAvgPool(name(n), data(n, 0)));
            case "ReduceMean" -> reduceMean(n);
            case "Add" -> add(n);
            case "Concat" -> concat(n);
            case "Flatten" -> flatten(n);
            case "Reshape", "Squeeze" -> reshape(n);
            case "Gemm" -> gemm(n);
            case "MatMul" -> matmul(n);
            case "Identity", "Dropout" -> passOn(n);
            default -> unsupported(n, foreign(op));
        }
    }

    /** Why qforge does not read {@code op} on computed tensors. */
    private static String foreign(String op) {
        return switch (op) {
            case "Softmax", "LogSoftmax" -> "turns logits into probabilities; export the logits, without the final " + op + " (top-1 is the same)";
            case "Mul", "Sub", "Div", "Gather", "Unsqueeze", "Cast", "Slice", "ConstantOfShape" -> "is not an op qforge reads on computed tensors "
                    + "(it folds " + op + " on constants only)";
            default -> "is not an op qforge reads";
        };
    }

    private void conv(NodeProto n) {
        Constant w = weight(n, 1, "weight");
        if (w == null) {
            return;
        }
        if (w.dims().length != 4) {
            unsupported(n, "is a " + (w.dims().length - 2) + "-D convolution; qforge reads 2-D ones (a 4-D weight)");
            return;
        }
        NodeAttributes a = new NodeAttributes(n);
        int group = (int) a.integer("group", 1);
        Optional<Window> window = window(n, (int) w.dims()[2], (int) w.dims()[3], true);
        if (window.isEmpty()) {
            return;
        }
        String x = data(n, 0);
        String name = name(n);
        String weightName = parameter(n.getInput(1), w.floats());
        String biasName = null;
        if (n.getInputCount() > 2 && !n.getInput(2).isEmpty()) {
            Constant b = weight(n, 2, "bias");
            if (b == null) {
                return;
            }
            biasName = parameter(n.getInput(2), b.floats());
        }
        define(n, builder.conv(name, x, (int) (w.dims()[1] * group), (int) w.dims()[0], window.get(), group, weightName, biasName));
    }

    /** A window from kernel_shape, strides, pads, dilations and ceil_mode; empty after reporting what qforge cannot apply. */
    private Optional<Window> window(NodeProto n, int kh, int kw, boolean dilated) {
        NodeAttributes a = new NodeAttributes(n);
        List<Long> kernel = a.integers("kernel_shape", List.of((long) kh, (long) kw));
        if (kernel.size() != 2 || kernel.get(0) != kh || kernel.get(1) != kw) {
            unsupported(n, "has kernel_shape " + kernel + "; qforge reads 2-D windows" + (dilated ? " matching the weight's " + kh + "x" + kw : ""));
            return Optional.empty();
        }
        String autoPad = a.text("auto_pad", "NOTSET");
        if (!autoPad.equals("NOTSET") && !autoPad.equals("VALID")) {
            unsupported(n, "has auto_pad " + autoPad + "; export with explicit pads (PyTorch does)");
            return Optional.empty();
        }
        List<Long> strides = a.integers("strides", List.of(1L, 1L));
        List<Long> pads = autoPad.equals("VALID") ? List.of(0L, 0L, 0L, 0L) : a.integers("pads", List.of(0L, 0L, 0L, 0L));
        List<Long> dilations = a.integers("dilations", List.of(1L, 1L));
        if (!pads.get(0).equals(pads.get(2)) || !pads.get(1).equals(pads.get(3))) {
            unsupported(n, "pads unevenly, " + pads + " (top, left, bottom, right); qforge runs equal padding on opposite sides");
            return Optional.empty();
        }
        if (!dilated && (dilations.get(0) != 1 || dilations.get(1) != 1)) {
            unsupported(n, "has dilations " + dilations + "; qforge reads undilated pooling");
            return Optional.empty();
        }
        Window w = Window.of(kh, kw).stride(strides.get(0).intValue(), strides.get(1).intValue())
                .pad(pads.get(0).intValue(), pads.get(2).intValue(), pads.get(1).intValue(), pads.get(3).intValue())
                .dilation(dilations.get(0).intValue(), dilations.get(1).intValue());
        return Optional.of(a.integer("ceil_mode", 0) == 1 ? w.ceil() : w);
    }

    private void batchNorm(NodeProto n) {
        NodeAttributes a = new NodeAttributes(n);
        if (a.integer("training_mode", 0) != 0 || n.getOutputList().stream().skip(1).anyMatch(consumers::containsKey)) {
            unsupported(n, "is in training mode; export the model in eval mode (model.eval())");
            return;
        }
        List<String> params = new ArrayList<>();
        String[] roles = {"scale", "bias", "mean", "variance"};
        int channels = -1;
        for (int i = 0; i < roles.length; i++) {
            Constant c = weight(n, i + 1, roles[i]);
            if (c == null) {
                return;
            }
            channels = c.size();
            params.add(parameter(n.getInput(i + 1), c.floats()));
        }
        // ONNX's momentum keeps the running statistics (0.9); PyTorch's, as the IR has it, moves them (0.1).
        float momentum = 1f - a.real("momentum", 0.9f);
        define(n, builder.batchNorm(name(n), data(n, 0), channels, a.real("epsilon", 1e-5f), momentum, params));
    }

    private void clip(NodeProto n) {
        double min = Double.NEGATIVE_INFINITY;
        double max = Double.POSITIVE_INFINITY;
        for (int i = 1; i < n.getInputCount(); i++) {
            String in = n.getInput(i);
            if (in.isEmpty()) {
                continue;
            }
            Constant c = constants.get(in);
            if (c == null) {
                unsupported(n, "clips to bounds computed at run time; qforge reads Clip with constant bounds");
                return;
            }
            if (i == 1) {
                min = c.scalar();
            } else {
                max = c.scalar();
            }
        }
        if (min == 0 && max == 6) {
            define(n, builder.relu6(name(n), data(n, 0)));
        } else if (min == 0 && max >= Float.MAX_VALUE) {
            define(n, builder.relu(name(n), data(n, 0)));
        } else {
            unsupported(n, "clips to [" + min + ", " + max + "]; qforge reads Clip as ReLU6 [0, 6] or ReLU [0, none)");
        }
    }

    private void pool(NodeProto n) {
        if (n.getOutputList().stream().skip(1).anyMatch(consumers::containsKey)) {
            unsupported(n, "returns its argmax indices too, which qforge does not compute");
            return;
        }
        NodeAttributes a = new NodeAttributes(n);
        List<Long> kernel = a.integers("kernel_shape", List.of());
        if (kernel.size() != 2) {
            unsupported(n, "pools over " + kernel.size() + " dimensions; qforge reads 2-D pooling");
            return;
        }
        if (a.integer("storage_order", 0) != 0) {
            unsupported(n, "has storage_order 1 (column-major); qforge reads row-major tensors");
            return;
        }
        Optional<Window> window = window(n, kernel.get(0).intValue(), kernel.get(1).intValue(), false);
        if (window.isEmpty()) {
            return;
        }
        String x = data(n, 0);
        define(n, n.getOpType().equals("MaxPool") ? builder.maxPool(name(n), x, window.get())
                : builder.avgPool(name(n), x, window.get(), a.integer("count_include_pad", 0) == 1));
    }

    /** A mean over H and W: a global average pool, then a flatten when the axes are dropped. */
    private void reduceMean(NodeProto n) {
        NodeAttributes a = new NodeAttributes(n);
        List<Long> axes = opset >= 18 && n.getInputCount() > 1 && constants.containsKey(n.getInput(1))
                ? toList(constants.get(n.getInput(1)).asLongs()) : a.integers("axes", List.of());
        List<Long> normalized = axes.stream().map(x -> x < 0 ? x + 4 : x).sorted().toList();
        if (!normalized.equals(List.of(2L, 3L))) {
            unsupported(n, "averages over axes " + axes + "; qforge reads a mean over H and W, axes [2, 3]");
            return;
        }
        String name = name(n);
        String pooled = builder.globalAvgPool(name, data(n, 0));
        define(n, a.integer("keepdims", 1) == 1 ? pooled : builder.flatten(unique(name + "/flatten"), pooled));
    }

    private void add(NodeProto n) {
        boolean constantInput = n.getInputList().stream().anyMatch(constants::containsKey);
        if (constantInput) {
            unsupported(n, "adds a constant tensor; qforge reads a constant Add only as the bias after a MatMul");
            return;
        }
        define(n, builder.sum(name(n), data(n, 0), data(n, 1)));
    }

    private void concat(NodeProto n) {
        long axis = new NodeAttributes(n).integer("axis", 1);
        long rank = shapeOf(data(n, 0)).dimension();
        if (axis != 1 && axis + rank != 1) {
            unsupported(n, "concatenates along axis " + axis + "; qforge concatenates channels, axis 1");
            return;
        }
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < n.getInputCount(); i++) {
            if (constants.containsKey(n.getInput(i))) {
                unsupported(n, "concatenates a constant; qforge concatenates computed tensors only");
                return;
            }
            inputs.add(data(n, i));
        }
        define(n, builder.concat(name(n), inputs));
    }

    private void flatten(NodeProto n) {
        long axis = new NodeAttributes(n).integer("axis", 1);
        if (axis != 1) {
            unsupported(n, "flattens from axis " + axis + "; qforge flattens all but the batch, axis 1");
            return;
        }
        define(n, builder.flatten(name(n), data(n, 0)));
    }

    /** A Reshape or Squeeze to (batch, features) is a flatten; one that changes nothing passes its input on. */
    private void reshape(NodeProto n) {
        String x = data(n, 0);
        long[] in = shapeOf(x).getShape();
        long[] out;
        try {
            if (n.getOpType().equals("Reshape")) {
                Constant target = constants.get(n.getInput(1));
                if (target == null) {
                    unsupported(n, "reshapes to a shape computed from data; qforge reads reshapes to a constant shape");
                    return;
                }
                out = Shapes.reshaped(in, target.asLongs());
            } else {
                long[] axes = n.getInputCount() > 1 && constants.containsKey(n.getInput(1)) ? constants.get(n.getInput(1)).asLongs()
                        : new NodeAttributes(n).integers("axes", List.of()).stream().mapToLong(Long::longValue).toArray();
                out = Shapes.squeezed(in, axes);
            }
        } catch (IllegalArgumentException e) {
            unsupported(n, e.getMessage());
            return;
        }
        if (Arrays.equals(in, out)) {
            tensors.put(n.getOutput(0), x);
        } else if (out.length == 2 && out[0] == BATCH && in[0] == BATCH) {
            define(n, builder.flatten(name(n), x));
        } else {
            unsupported(n, "reshapes " + new Shape(in) + " to " + new Shape(out) + " (batch 1); qforge reads reshapes to (batch, features)");
        }
    }

    private void gemm(NodeProto n) {
        NodeAttributes a = new NodeAttributes(n);
        if (a.real("alpha", 1f) != 1f || a.real("beta", 1f) != 1f || a.integer("transA", 0) != 0) {
            unsupported(n, "has alpha " + a.real("alpha", 1f) + ", beta " + a.real("beta", 1f) + ", transA " + a.integer("transA", 0)
                    + "; qforge reads Gemm as a linear layer: alpha 1, beta 1, transA 0");
            return;
        }
        Constant w = weight(n, 1, "weight");
        if (w == null) {
            return;
        }
        boolean transposed = a.integer("transB", 0) == 1;
        Constant bias = null;
        if (n.getInputCount() > 2 && !n.getInput(2).isEmpty()) {
            bias = weight(n, 2, "bias");
            if (bias == null) {
                return;
            }
        }
        linear(n, n, w, transposed, n.getInput(1), bias, bias == null ? null : n.getInput(2));
    }

    /** MatMul by a constant [in, out] matrix, with the Add of a constant that follows it as the bias. */
    private void matmul(NodeProto n) {
        Constant w = weight(n, 1, "weight");
        if (w == null) {
            return;
        }
        List<NodeProto> readers = consumers.getOrDefault(n.getOutput(0), List.of());
        NodeProto add = readers.size() == 1 && readers.get(0).getOpType().equals("Add") ? readers.get(0) : null;
        String biasInput = add == null ? null : add.getInputList().stream().filter(constants::containsKey).findFirst().orElse(null);
        if (biasInput != null) {
            absorbed.add(add);
        }
        linear(n, add != null && biasInput != null ? add : n, w, false, n.getInput(1), biasInput == null ? null : constants.get(biasInput), biasInput);
    }

    /**
     * A linear layer from {@code node}, whose output is {@code last}'s: the weight as [out, in]
     * (transposed from [in, out] unless {@code outByIn}), and a bias, zeros when there is none.
     */
    private void linear(NodeProto node, NodeProto last, Constant w, boolean outByIn, String weightInput, Constant bias, String biasInput) {
        if (w.dims().length != 2) {
            unsupported(node, "multiplies by a " + w.dims().length + "-D weight; qforge reads a linear layer's 2-D matrix");
            return;
        }
        int out = (int) (outByIn ? w.dims()[0] : w.dims()[1]);
        int in = (int) (outByIn ? w.dims()[1] : w.dims()[0]);
        float[] weight = outByIn ? w.floats() : transpose(w.floats(), in, out);
        String name = name(node);
        String weightName = parameter(outByIn ? weightInput : weightInput + ":transposed", weight);
        if (bias != null && bias.size() != out) {
            unsupported(node, "adds a bias of " + bias.size() + " values to " + out + " outputs");
            return;
        }
        String biasName = parameter(bias != null ? biasInput : name + ".bias", bias != null ? bias.asFloats() : new float[out]);
        String x = data(node, 0);
        String made = builder.linear(name, x, in, out, weightName, biasName);
        tensors.put(last.getOutput(0), made);
        if (last != node) {
            tensors.put(node.getOutput(0), made);
        }
    }

    private static float[] transpose(float[] values, int rows, int cols) {
        float[] out = new float[values.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = values[r * cols + c];
            }
        }
        return out;
    }

    private void passOn(NodeProto n) {
        if (n.getOutputList().stream().skip(1).anyMatch(consumers::containsKey)) {
            unsupported(n, "returns a dropout mask too, which qforge does not compute");
            return;
        }
        tensors.put(n.getOutput(0), data(n, 0));
    }

    /** Shape of a computed tensor: its static shape, batch 1, as a constant for the arithmetic that follows. */
    private void shape(NodeProto n) {
        long[] dims = shapeOf(data(n, 0)).getShape();
        NodeAttributes a = new NodeAttributes(n);
        int start = (int) a.integer("start", 0);
        int end = (int) a.integer("end", dims.length);
        start = start < 0 ? start + dims.length : start;
        end = end < 0 ? end + dims.length : Math.min(end, dims.length);
        constants.put(n.getOutput(0), Constant.vector(Arrays.copyOfRange(dims, start, end)));
    }

    private Shape shapeOf(String tensor) {
        return ShapeInference.infer(builder.build("partial", input, tensor), BATCH).get(tensor);
    }

    /** The IR tensor of input {@code index}, which must be computed, not constant. */
    private String data(NodeProto n, int index) {
        String ir = tensors.get(n.getInput(index));
        if (ir == null) {
            throw new InvalidInputException(OnnxBackbone.PATH, file + ": node '" + n.getName() + "' (" + n.getOpType() + ") reads '" + n.getInput(index)
                    + "', which no earlier node computes. The graph is not in topological order, or it is damaged");
        }
        return ir;
    }

    /** The float constant at input {@code index}, or null after reporting that it is computed at run time. */
    private Constant weight(NodeProto n, int index, String role) {
        Constant c = index < n.getInputCount() ? constants.get(n.getInput(index)) : null;
        if (c == null || !c.isFloat()) {
            unsupported(n, "takes its " + role + " from " + (c == null ? "a computed tensor" : "whole numbers")
                    + "; qforge reads weights that are float initializers or constants");
            return null;
        }
        return c;
    }

    /** Declares the weight read through ONNX tensor {@code onnxName}: one parameter per use, so that folding one layer leaves another alone. */
    private String parameter(String onnxName, float[] values) {
        String name = onnxName;
        for (int i = 2; weights.containsKey(name); i++) {
            name = onnxName + "#" + i;
        }
        weights.put(name, values.clone());
        return name;
    }

    private String name(NodeProto n) {
        return unique(n.getName().isEmpty() ? n.getOutput(0) : n.getName());
    }

    private String unique(String base) {
        String name = base;
        for (int i = 2; !names.add(name); i++) {
            name = base + "_" + i;
        }
        return name;
    }

    private void define(NodeProto n, String irName) {
        tensors.put(n.getOutput(0), irName);
    }

    private void unsupported(NodeProto n, String why) {
        problems.add("node '" + (n.getName().isEmpty() ? n.getOutput(0) : n.getName()) + "' (op_type " + n.getOpType() + ", inputs "
                + n.getInputList() + "): " + why);
        unknown.addAll(n.getOutputList());
    }

    private Constant constant(Supplier<Constant> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(OnnxBackbone.PATH, file + ": " + e.getMessage());
        }
    }

    private static Constant constantNode(NodeProto n) {
        NodeAttributes a = new NodeAttributes(n);
        if (n.getAttributeCount() == 1 && n.getAttribute(0).hasT()) {
            return Constant.of(n.getAttribute(0).getT());
        }
        if (a.has("value_float")) {
            return new Constant(new long[0], new float[] {a.real("value_float", 0)}, null);
        }
        if (a.has("value_int")) {
            return Constant.ofLongs(new long[0], new long[] {a.integer("value_int", 0)});
        }
        if (a.has("value_ints")) {
            return Constant.vector(a.integers("value_ints", List.of()).stream().mapToLong(Long::longValue).toArray());
        }
        throw new IllegalArgumentException("Constant node '" + n.getName() + "' has no value qforge reads (value, value_float, value_int, value_ints)");
    }

    private static List<Long> toList(long[] values) {
        List<Long> out = new ArrayList<>();
        for (long v : values) {
            out.add(v);
        }
        return out;
    }
}
