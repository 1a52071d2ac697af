package io.qforge.plugin.onnx;

import io.qforge.api.Backbone;
import io.qforge.api.backbone.BackboneOptions;
import io.qforge.testkit.TestPluginContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** The committed outputs of make_onnx_fixtures.py, under src/test/resources/onnx, unpacked for a test. */
final class OnnxFixtures {

    private OnnxFixtures() {}

    /** {@code name}.onnx, unpacked into {@code dir}. */
    static Path file(String name, Path dir) {
        Path out = dir.resolve(name + ".onnx");
        try (InputStream in = OnnxFixtures.class.getResourceAsStream("/onnx/" + name + ".onnx.gz")) {
            if (in == null) {
                throw new IllegalStateException("missing test fixture onnx/" + name + ".onnx.gz; make it with plugins/onnx/src/test/python/make_onnx_fixtures.py");
            }
            Files.copy(new GZIPInputStream(in), out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The onnx backbone set up with {@code options}, as a config's backbone object would. */
    static Backbone configured(Path dir, Map<String, Object> options) {
        return new OnnxBackbone().configure(new BackboneOptions(options, TestPluginContext.offline(dir)));
    }

    static Backbone configured(String name, Path dir) {
        return configured(dir, Map.of("path", file(name, dir).toString()));
    }
}
