package io.qforge.plugin.onnx;

import com.google.protobuf.InvalidProtocolBufferException;
import io.qforge.api.Backbone;
import io.qforge.api.InvalidInputException;
import io.qforge.api.backbone.BackboneOptions;
import io.qforge.api.backbone.BackboneSpec;
import io.qforge.api.backbone.HeadInfo;
import io.qforge.api.backbone.Preprocessing;
import io.qforge.api.context.PluginOptions;
import io.qforge.api.graph.Graph;
import io.qforge.onnx.OnnxModel.ModelProto;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * The {@code onnx} backbone: any CNN exported to ONNX, e.g. with {@code torch.onnx.export}, read
 * into qforge's graph with its weights. {@code "backbone": {"type": "onnx", "path": "model.onnx"}}
 * takes the file's network and weights; {@code "head": "<node>"} names the classifier head when
 * it is not the last linear layer. Until a config sets it up ({@link #configure}) it has no
 * network.
 */
public final class OnnxBackbone implements Backbone {

    static final String NAME = "onnx";
    static final String PATH = "$.backbone.path";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "any CNN exported to ONNX (opset " + OnnxImporter.MIN_OPSET + " to " + OnnxImporter.MAX_OPSET + "), read with its weights; "
                + "options path (the .onnx file) and head (the classifier node, default the last linear layer)";
    }

    @Override
    public Backbone configure(BackboneOptions options) {
        PluginOptions o = options.read(Set.of("path", "head"));
        String path = o.string("path").orElseThrow(() -> new InvalidInputException(PATH,
                "missing. The onnx backbone reads the network from an ONNX file: \"path\": \"model.onnx\", relative to the config"));
        Path file = Path.of(path);
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(PATH, "no file at " + file + ". Allowed: the path of an ONNX model (torch.onnx.export), relative to the config");
        }
        ModelProto model;
        try (InputStream in = Files.newInputStream(file)) {
            model = ModelProto.parseFrom(in);
        } catch (InvalidProtocolBufferException e) {
            // Protobuf's own message names its internals; the user needs to know the file is not ONNX.
            throw new InvalidInputException(PATH, file + " is not an ONNX model: its bytes do not parse as an ONNX ModelProto. The file is damaged, truncated or of another kind");
        } catch (IOException e) {
            throw new InvalidInputException(PATH, file + " cannot be read: " + e.getMessage());
        }
        ImportedNetwork network = OnnxImporter.read(model, file.toString());
        HeadInfo head = HeadChoice.choose(network.graph(), o.string("head"), file.toString());
        return new OnnxModelBackbone(network, head);
    }

    @Override
    public Graph build(BackboneSpec spec) {
        throw unconfigured();
    }

    @Override
    public HeadInfo head() {
        throw unconfigured();
    }

    @Override
    public Preprocessing defaultPreprocessing() {
        throw unconfigured();
    }

    private static InvalidInputException unconfigured() {
        return new InvalidInputException(PATH, "missing. The onnx backbone has no network until a config names its file: "
                + "\"backbone\": {\"type\": \"onnx\", \"path\": \"model.onnx\"}");
    }
}
