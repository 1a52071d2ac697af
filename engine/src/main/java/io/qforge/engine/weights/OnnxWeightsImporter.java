package io.qforge.engine.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.protobuf.InvalidProtocolBufferException;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Ops;
import io.qforge.api.graph.ParameterSpec;
import io.qforge.onnx.OnnxModel.AttributeProto;
import io.qforge.onnx.OnnxModel.GraphProto;
import io.qforge.onnx.OnnxModel.ModelProto;
import io.qforge.onnx.OnnxModel.NodeProto;
import io.qforge.onnx.OnnxModel.TensorProto;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Imports the weights of an ONNX export (e.g. {@code torch.onnx.export} of a torchvision model)
 * onto a qforge graph of the same topology. When every parameter of the graph is a tensor of the
 * file by name (an initializer, or a constant behind an Identity), as for the graph the {@code
 * onnx} backbone reads from the same file, they are taken by name. Otherwise, as exported
 * initializers have generated names ({@code onnx::Conv_193}), they are matched by position: the
 * ONNX nodes are walked alongside the qforge nodes, and each pair must agree on op, inputs,
 * attributes and weight shapes.
 *
 * <p>An eval-mode export folds each BatchNorm into the Conv before it (a Conv with a bias). Such
 * a BatchNorm is imported as the identity plus that bias: mean 0, variance 1, scale sqrt(1 +
 * eps), shift the bias. Initializers the exporter shared between equal tensors, behind Identity
 * nodes, are followed.
 */
public final class OnnxWeightsImporter {

    private final String file;
    private final Graph graph;
    private final NDManager manager;
    private final Map<String, TensorProto> initializers = new HashMap<>();
    private final Map<String, NDArray> values = new LinkedHashMap<>();
    /** ONNX tensor name to the qforge tensor (node or input) it holds. */
    private final Map<String, String> tensors = new HashMap<>();
    /** Bias of an ONNX Conv waiting for the qforge BatchNorm it was folded from, by qforge conv name. */
    private final Map<String, TensorProto> foldedBias = new HashMap<>();
    private final Set<String> skip;
    /** qforge identities that have no node in the file, by name, to the tensor they pass on. */
    private final Map<String, String> skipped = new HashMap<>();

    private OnnxWeightsImporter(String file, Graph graph, NDManager manager, Set<String> skip) {
        this.file = file;
        this.graph = graph;
        this.manager = manager;
        this.skip = skip;
    }

    /**
     * The values of every parameter of {@code graph} but those in {@code skip} (e.g. a head about
     * to be replaced, whose shape may differ), read from the ONNX model at {@code path}.
     */
    public static Map<String, NDArray> read(Path path, Graph graph, NDManager manager, Set<String> skip) {
        ModelProto model;
        try (InputStream in = Files.newInputStream(path)) {
            model = ModelProto.parseFrom(in);
        } catch (InvalidProtocolBufferException e) {
            // Protobuf's own message names its internals; the user needs to know the file is not ONNX.
            throw new WeightFileException(path.toString(), "is not an ONNX model: its bytes do not parse as an ONNX ModelProto."
                    + " The file is damaged, truncated or of another kind");
        } catch (IOException e) {
            throw new WeightFileException(path.toString(), "cannot be read: " + e.getMessage(), e);
        }
        if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
            throw new WeightFileException(path.toString(), "has no graph. It is not an ONNX model, or an empty one");
        }
        return new OnnxWeightsImporter(path.toString(), graph, manager, skip).importGraph(model.getGraph());
    }

    private Map<String, NDArray> importGraph(GraphProto g) {
        for (TensorProto t : g.getInitializerList()) {
            initializers.put(t.getName(), t);
        }
        List<NodeProto> compute = new ArrayList<>();
        for (NodeProto n : g.getNodeList()) {
            if (n.getOpType().equals("Identity") && initializer(input(n, 0)) != null) {
                initializers.put(output(n), initializer(input(n, 0)));
            } else if (n.getOpType().equals("Constant") && n.getAttributeCount() == 1 && n.getAttribute(0).hasT()) {
                initializers.put(output(n), n.getAttribute(0).getT());
            } else {
                compute.add(n);
            }
        }
        if (allByName()) {
            for (ParameterSpec p : graph.parameters().values()) {
                if (!skip.contains(p.name())) {
                    put(p.name(), initializer(p.name()), "tensor '" + p.name() + "'");
                }
            }
            return values;
        }
        String dataInput = g.getInputList().stream().map(v -> v.getName()).filter(n -> !initializers.containsKey(n))
                .findFirst().orElseThrow(() -> error("has no data input"));
        tensors.put(dataInput, graph.inputs().get(0).name());
        int cursor = 0;
        for (Node node : graph.nodes()) {
            if (node.op().equals(Ops.BATCH_NORM) && foldedBias.containsKey(node.inputs().get(0))) {
                unfoldBatchNorm(node);
                continue;
            }
            boolean exported = cursor < compute.size() && Set.of("Identity", "Dropout").contains(compute.get(cursor).getOpType());
            if (node.op().equals(Ops.IDENTITY) && !exported) {
                // An eval-mode export drops dropout; its readers read the identity's input.
                skipped.put(node.name(), resolve(node.inputs().get(0)));
                continue;
            }
            if (cursor == compute.size()) {
                throw error("ends before qforge node '" + node.name() + "' (" + node.op() + "): the ONNX model is not a " + graph.name());
            }
            NodeProto o = compute.get(cursor++);
            match(node, o, cursor);
        }
        if (cursor < compute.size()) {
            NodeProto extra = compute.get(cursor);
            throw error("has node " + (cursor + 1) + " (" + extra.getOpType() + " '" + extra.getName()
                    + "') after the last qforge node: the ONNX model is not a " + graph.name());
        }
        for (String p : graph.parameters().keySet()) {
            if (!values.containsKey(p) && !skip.contains(p)) {
                throw error("gave no value for parameter '" + p + "'");
            }
        }
        return values;
    }

    private TensorProto initializer(String name) {
        return initializers.get(name);
    }

    /** The qforge tensor that {@code name} stands for, past identities the export dropped. */
    private String resolve(String name) {
        return skipped.getOrDefault(name, name);
    }

    /** Whether every parameter to load is a tensor of the file by name, of the same shape. */
    private boolean allByName() {
        return graph.parameters().values().stream().filter(p -> !skip.contains(p.name()))
                .allMatch(p -> initializer(p.name()) != null && OnnxTensors.shape(initializer(p.name())).equals(p.shape()));
    }

    private void match(Node node, NodeProto o, int index) {
        String expected = switch (node.op()) {
            case Ops.CONV2D, Ops.DEPTHWISE_CONV2D -> "Conv";
            case Ops.BATCH_NORM -> "BatchNormalization";
            case Ops.RELU -> "Relu";
            case Ops.RELU6 -> "Clip";
            case Ops.CONCAT -> "Concat";
            case Ops.MAX_POOL2D -> "MaxPool";
            case Ops.AVG_POOL2D -> "AveragePool";
            case Ops.GLOBAL_AVG_POOL -> "GlobalAveragePool";
            case Ops.ADD -> "Add";
            case Ops.FLATTEN -> "Flatten";
            case Ops.LINEAR -> "Gemm";
            case Ops.IDENTITY -> o.getOpType().equals("Dropout") ? "Dropout" : "Identity";
            default -> throw error("cannot be matched to qforge node '" + node.name() + "': op " + node.op() + " has no ONNX import");
        };
        String where = "node " + index + " (" + o.getOpType() + " '" + o.getName() + "')";
        if (!o.getOpType().equals(expected)) {
            throw error(where + " stands where qforge's " + graph.name() + " has '" + node.name() + "' (" + node.op()
                    + ", ONNX " + expected + "): the ONNX model is not a " + graph.name());
        }
        List<String> dataInputs = new ArrayList<>();
        for (String in : o.getInputList()) {
            if (initializer(in) == null && !in.isEmpty()) {
                dataInputs.add(tensors.getOrDefault(in, "?" + in));
            }
        }
        boolean ordered = node.op().equals(Ops.CONCAT);
        List<String> inputs = node.inputs().stream().map(this::resolve).toList();
        if (ordered ? !dataInputs.equals(inputs) : !new HashSet<>(dataInputs).equals(new HashSet<>(inputs))) {
            throw error(where + " reads " + dataInputs + ", but qforge's '" + node.name() + "' reads " + node.inputs()
                    + ": the ONNX model is wired differently");
        }
        switch (node.op()) {
            case Ops.CONV2D, Ops.DEPTHWISE_CONV2D -> importConv(node, o, where);
            case Ops.BATCH_NORM -> importBatchNorm(node, o);
            case Ops.MAX_POOL2D, Ops.AVG_POOL2D -> checkWindow(node, o, where);
            case Ops.LINEAR -> importGemm(node, o, where);
            default -> { }
        }
        tensors.put(output(o), node.name());
    }

    /** Input {@code i} of a node, or "" (no tensor) when the node has fewer: ONNX's spelling of an absent optional input. */
    private static String input(NodeProto o, int i) {
        return i < o.getInputCount() ? o.getInput(i) : "";
    }

    /** A node's first output; a node without one is damage. */
    private String output(NodeProto o) {
        if (o.getOutputCount() == 0) {
            throw error("has the " + o.getOpType() + " node '" + o.getName() + "' with no output. The file is damaged");
        }
        return o.getOutput(0);
    }

    private void importConv(Node node, NodeProto o, String where) {
        checkWindow(node, o, where);
        checkInts(where, o, "dilations", reversed(node.intsAttr("dilation", List.of(1, 1))), List.of(1L, 1L));
        checkInts(where, o, "group", List.of((long) node.intAttr("group", 1)), List.of(1L));
        put(node.param("weight"), initializer(input(o, 1)), where);
        if (!input(o, 2).isEmpty()) {
            if (node.param("bias") != null) {
                put(node.param("bias"), initializer(input(o, 2)), where);
            } else {
                List<Node> readers = graph.consumers(node.name());
                if (readers.size() != 1 || !readers.get(0).op().equals(Ops.BATCH_NORM)) {
                    throw error(where + " has a bias, but qforge's '" + node.name() + "' has none and no BatchNorm to fold it from");
                }
                if (initializer(input(o, 2)) == null) {
                    throw error(where + " takes a bias that is not an initializer of the model");
                }
                foldedBias.put(node.name(), initializer(input(o, 2)));
            }
        }
    }

    private void unfoldBatchNorm(Node bn) {
        TensorProto bias = foldedBias.remove(bn.inputs().get(0));
        Shape shape = graph.parameters().get(bn.param("weight")).shape();
        float[] b = OnnxTensors.floats(bias, file);
        if (b.length != shape.size()) {
            throw error("folds a bias of " + b.length + " values into '" + bn.name() + "', which has " + shape.size() + " channels");
        }
        float scale = (float) Math.sqrt(1.0 + bn.floatAttr("epsilon", 1e-5f));
        values.put(bn.param("weight"), manager.full(shape, scale));
        values.put(bn.param("bias"), manager.create(b, shape));
        values.put(bn.param("running_mean"), manager.zeros(shape));
        values.put(bn.param("running_var"), manager.ones(shape));
        tensors.replaceAll((onnx, ours) -> ours.equals(bn.inputs().get(0)) ? bn.name() : ours);
    }

    private void importBatchNorm(Node node, NodeProto o) {
        String where = "BatchNormalization '" + o.getName() + "'";
        String[] roles = {"weight", "bias", "running_mean", "running_var"};
        for (int i = 0; i < roles.length; i++) {
            put(node.param(roles[i]), initializer(input(o, i + 1)), where);
        }
    }

    private void importGemm(Node node, NodeProto o, String where) {
        checkInts(where, o, "transB", List.of(1L), List.of(0L));
        checkInts(where, o, "transA", List.of(0L), List.of(0L));
        put(node.param("weight"), initializer(input(o, 1)), where);
        put(node.param("bias"), initializer(input(o, 2)), where);
    }

    private void checkWindow(Node node, NodeProto o, String where) {
        List<Integer> pad = node.intsAttr("pad", List.of(0, 0, 0, 0));
        checkInts(where, o, "kernel_shape", reversed(node.intsAttr("kernel", null)), null);
        checkInts(where, o, "strides", reversed(node.intsAttr("stride", List.of(1, 1))), List.of(1L, 1L));
        // ONNX pads are (top, left, bottom, right); XIR's are (left, right, top, bottom).
        checkInts(where, o, "pads", List.of((long) pad.get(2), (long) pad.get(0), (long) pad.get(3), (long) pad.get(1)), List.of(0L, 0L, 0L, 0L));
    }

    private static List<Long> reversed(List<Integer> wh) {
        return List.of((long) wh.get(1), (long) wh.get(0));
    }

    /** Checks an int or ints attribute; {@code fallback} is ONNX's default when absent, null when it must be present or is implied. */
    private void checkInts(String where, NodeProto o, String name, List<Long> expected, List<Long> fallback) {
        List<Long> actual = fallback;
        for (AttributeProto a : o.getAttributeList()) {
            if (a.getName().equals(name)) {
                actual = a.getIntsCount() > 0 ? a.getIntsList() : List.of(a.getI());
            }
        }
        if (actual != null && !actual.equals(expected)) {
            throw error(where + " has " + name + " " + actual + " where qforge's " + graph.name() + " has " + expected);
        }
    }

    private void put(String parameter, TensorProto t, String where) {
        if (skip.contains(parameter)) {
            return;
        }
        if (t == null) {
            throw error(where + " takes a weight that is not an initializer of the model");
        }
        ParameterSpec spec = graph.parameters().get(parameter);
        Shape shape = OnnxTensors.shape(t);
        if (!shape.equals(spec.shape())) {
            throw error("initializer '" + t.getName() + "' of " + where + " has shape " + shape + ", but qforge's parameter '"
                    + parameter + "' has shape " + spec.shape());
        }
        values.put(parameter, manager.create(OnnxTensors.floats(t, file), shape));
    }

    private WeightFileException error(String message) {
        return new WeightFileException(file, message);
    }
}
