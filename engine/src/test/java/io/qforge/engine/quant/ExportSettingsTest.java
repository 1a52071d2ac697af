package io.qforge.engine.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.GraphInput;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Ops;
import io.qforge.engine.config.run.CalibrationConfig;
import io.qforge.engine.config.vitis.ResolvedQuantizeConfig;
import io.qforge.engine.fixtures.TestEngine;
import io.qforge.engine.io.JsonFiles;
import io.qforge.engine.progress.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** onnx_opset_version reaches the quantized model a target compiles, and survives quantized/ being loaded back. */
class ExportSettingsTest {

    @TempDir
    Path tmp;

    @Test
    void theConfiguredOpsetReachesTheQuantizedModel() {
        Graph graph = new Graph("one", List.of(new GraphInput("input", new Shape(3, 4, 4))),
                List.of(new Node("relu", Ops.RELU, List.of("input"), Map.of(), Map.of())), List.of("relu"), List.of());
        for (String opset : List.of("", ", \"onnx_opset_version\": 17")) {
            ResolvedQuantizeConfig config = TestEngine.quantizeConfig(tmp, "{\"target_device\": \"CPU\"" + opset + "}");
            QuantizationState state = new QuantizationState(config, CalibrationConfig.DEFAULTS, 0, null, null, List.of(), null, graph, null, null,
                    Progress.silent());
            state.plan = TestEngine.plan(graph, config, 0);
            state.params = Map.of();
            assertEquals(opset.isEmpty() ? 13 : 17, state.model().onnxOpsetVersion());
        }
    }

    @Test
    void exportJsonRoundTrips() throws Exception {
        Path file = tmp.resolve(ExportSettings.FILE);
        JsonFiles.write(file, new ExportSettings(17));
        assertTrue(Files.readString(file).contains("\"onnx_opset_version\" : 17"), Files.readString(file));
        assertEquals(new ExportSettings(17), JsonFiles.read(file, ExportSettings.class));
    }
}
