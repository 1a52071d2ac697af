package io.qforge.engine.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.qforge.api.Backbone;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.ParameterSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Loads pretrained weights onto a backbone's graph from a safetensors file (names mapped by the
 * backbone, so torchvision and timm files both load) or an ONNX export (matched by topology).
 * Every missing tensor, unexpected tensor and shape mismatch is listed by name in one error.
 */
public final class WeightLoader {

    /** How many names of each kind an error lists before summarising the rest. */
    static final int LISTED = 12;

    private WeightLoader() {}

    /**
     * The values of {@code graph}'s parameters from {@code file}. Parameters in {@code skip} are
     * not loaded and may be absent or differently shaped in the file (a head to be replaced).
     */
    public static Map<String, NDArray> load(Path file, Backbone backbone, Graph graph, NDManager manager, Set<String> skip) {
        if (!Files.isRegularFile(file)) {
            throw new WeightFileException(file.toString(), "no such file. Give a .safetensors or .onnx weights file");
        }
        return switch (format(file)) {
            case ONNX -> OnnxWeightsImporter.read(file, graph, manager, skip);
            case SAFETENSORS -> fromSafetensors(SafetensorsFile.open(file), file, backbone, graph, manager, skip);
            case UNKNOWN -> throw new WeightFileException(file.toString(), "is neither a safetensors file nor an ONNX model. "
                    + "Allowed: .safetensors (torchvision or timm names) or .onnx (torch.onnx.export)");
        };
    }

    /** A weights file's format, by extension, else by the first bytes. */
    enum Format { SAFETENSORS, ONNX, UNKNOWN }

    static Format format(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".onnx")) {
            return Format.ONNX;
        }
        if (name.endsWith(".safetensors")) {
            return Format.SAFETENSORS;
        }
        byte[] head = new byte[9];
        try (InputStream in = Files.newInputStream(file)) {
            int n = in.readNBytes(head, 0, head.length);
            if (n == 9 && head[8] == '{') {
                return Format.SAFETENSORS;
            }
            // An ONNX model starts with field 1 (ir_version, a varint): tag byte 0x08.
            if (n > 0 && head[0] == 0x08) {
                return Format.ONNX;
            }
        } catch (IOException e) {
            throw new WeightFileException(file.toString(), "cannot be read: " + e.getMessage(), e);
        }
        return Format.UNKNOWN;
    }

    private static Map<String, NDArray> fromSafetensors(SafetensorsFile st, Path file, Backbone backbone, Graph graph,
            NDManager manager, Set<String> skip) {
        Map<String, TensorEntry> byParameter = new LinkedHashMap<>();
        List<String> unexpected = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        for (TensorEntry e : st.entries().values()) {
            Optional<String> mapped = backbone.mapWeightName(e.name());
            if (mapped.isEmpty() || skip.contains(mapped.get())) {
                continue;
            }
            ParameterSpec spec = graph.parameters().get(mapped.get());
            if (spec == null) {
                unexpected.add(e.name());
            } else if (!spec.shape().equals(e.shape())) {
                mismatched.add(e.name() + " is " + e.shape() + " in the file, " + spec.shape() + " in " + graph.name());
            } else {
                byParameter.put(spec.name(), e);
            }
        }
        List<String> missing = new ArrayList<>();
        for (String p : graph.parameters().keySet()) {
            if (!byParameter.containsKey(p) && !skip.contains(p) && mismatched.stream().noneMatch(m -> m.startsWith(p + " "))) {
                missing.add(p);
            }
        }
        if (!missing.isEmpty() || !unexpected.isEmpty() || !mismatched.isEmpty()) {
            StringBuilder b = new StringBuilder("does not fit " + graph.name() + ":");
            list(b, "missing", missing);
            list(b, "unexpected", unexpected);
            list(b, "shape mismatch", mismatched);
            b.append(". Allowed: a checkpoint of ").append(graph.name()).append(" with torchvision or timm parameter names");
            throw new WeightFileException(file.toString(), b.toString());
        }
        Map<String, NDArray> values = new LinkedHashMap<>();
        byParameter.forEach((p, e) -> values.put(p, st.load(e, manager)));
        return values;
    }

    private static void list(StringBuilder b, String what, List<String> names) {
        if (names.isEmpty()) {
            return;
        }
        b.append(' ').append(names.size()).append(' ').append(what).append(" (");
        b.append(String.join(", ", names.subList(0, Math.min(LISTED, names.size()))));
        if (names.size() > LISTED) {
            b.append(", and ").append(names.size() - LISTED).append(" more");
        }
        b.append(");");
    }
}
