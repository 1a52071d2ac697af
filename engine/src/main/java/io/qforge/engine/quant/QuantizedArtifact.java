package io.qforge.engine.quant;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.core.type.TypeReference;
import io.qforge.api.InvalidInputException;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.Parameters;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.quant.ResolvedSpec;
import io.qforge.api.target.QuantizedModel;
import io.qforge.engine.io.GraphJson;
import io.qforge.engine.io.JsonFiles;
import io.qforge.engine.rules.SpecResolution;
import io.qforge.engine.weights.CheckpointMetadata;
import io.qforge.engine.weights.Checkpoints;
import io.qforge.engine.weights.SafetensorsFile;
import io.qforge.engine.weights.SafetensorsWriter;
import io.qforge.engine.weights.TensorEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The folder {@code quantized/}: a quantized model that a later stage loads back instead of
 * calibrating again.
 *
 * <ul>
 *   <li>{@code graph.json}: the graph after the graph passes (batch norm folded);
 *   <li>{@code folded.safetensors} and {@code folded.json}: the quantized model's parameter values,
 *       the class names and the preprocessing;
 *   <li>{@code float.safetensors}: the float model's values where they differ (the biases before
 *       bias correction);
 *   <li>{@code quant_params.json}: every quantized tensor's spec and params;
 *   <li>{@code export.json}: the export settings of the config ({@link ExportSettings});
 *   <li>{@code histograms.json}, {@code report.json}, {@code config.json}: the calibration
 *       histograms, what each pass did, and the resolved run config.
 * </ul>
 */
public final class QuantizedArtifact {

    public static final String DIR = "quantized";
    static final String GRAPH = "graph.json";
    static final String QUANT_PARAMS = "quant_params.json";
    static final String FOLDED = "folded";
    static final String FLOAT = "float.safetensors";
    static final String REPORT = "report.json";

    /** A model loaded back, with the report of the quantization that made it. */
    public record Loaded(QuantizedModel model, PostTrainingQuantization.Report report) {}

    private QuantizedArtifact() {}

    static void write(Path dir, QuantizationState s, PostTrainingQuantization.Report report, Object resolvedConfig, String backbone)
            throws IOException {
        QuantizedModel model = s.model();
        List<QuantParamsEntry> entries = s.plan.tensors().values().stream().map(t -> QuantParamsEntry.of(t, model.quantParams().get(t.name()))).toList();
        JsonFiles.write(dir.resolve(QUANT_PARAMS), entries);
        JsonFiles.write(dir.resolve(ExportSettings.FILE), ExportSettings.of(model));
        JsonFiles.write(dir.resolve("histograms.json"), s.calibrated.histograms());
        JsonFiles.write(dir.resolve(GRAPH), GraphJson.write(model.graph()));
        Checkpoints.write(dir, FOLDED, model.parameters(), new CheckpointMetadata(backbone, model.classNames(), model.preprocessing(), Map.of()));
        Map<String, NDArray> differing = new LinkedHashMap<>();
        model.floatParameters().asMap().forEach((name, value) -> {
            if (value != model.parameters().get(name)) {
                differing.put(name, value);
            }
        });
        if (!differing.isEmpty()) {
            SafetensorsWriter.write(dir.resolve(FLOAT), differing, Map.of("producer", "qforge"));
        }
        JsonFiles.write(dir.resolve(REPORT), report);
        JsonFiles.write(dir.resolve("config.json"), resolvedConfig);
    }

    /** Loads {@code dir} back; its plugins are resolved against the installed ones. */
    public static Loaded read(Path dir, SpecResolution resolution, NDManager manager) throws IOException {
        for (String file : List.of(GRAPH, QUANT_PARAMS, FOLDED + ".safetensors", FOLDED + ".json", REPORT)) {
            if (!Files.isRegularFile(dir.resolve(file))) {
                throw new InvalidInputException(dir.toString(), "has no " + file + "; it is not a complete quantization. Run qforge quantize again");
            }
        }
        Graph graph = GraphJson.read(JsonFiles.MAPPER.readTree(dir.resolve(GRAPH).toFile()));
        Parameters parameters = load(dir.resolve(FOLDED + ".safetensors"), manager);
        Parameters floatParameters = parameters;
        if (Files.isRegularFile(dir.resolve(FLOAT))) {
            for (Map.Entry<String, NDArray> e : load(dir.resolve(FLOAT), manager).asMap().entrySet()) {
                floatParameters = floatParameters.with(e.getKey(), e.getValue());
            }
        }
        List<QuantParamsEntry> entries = JsonFiles.MAPPER.readValue(dir.resolve(QUANT_PARAMS).toFile(), new TypeReference<>() {});
        Map<String, ResolvedSpec> specs = new LinkedHashMap<>();
        Map<String, QuantParams> params = new LinkedHashMap<>();
        for (QuantParamsEntry e : entries) {
            specs.put(e.tensor(), resolution.resolve(e.spec(), dir.resolve(QUANT_PARAMS) + " (tensor " + e.tensor() + ")"));
            params.put(e.tensor(), e.params());
        }
        CheckpointMetadata meta = Checkpoints.readMetadata(dir.resolve(FOLDED + ".safetensors"));
        ExportSettings export = Files.isRegularFile(dir.resolve(ExportSettings.FILE))
                ? JsonFiles.read(dir.resolve(ExportSettings.FILE), ExportSettings.class) : ExportSettings.DEFAULTS;
        QuantizedModel model = new QuantizedModel(graph, parameters, floatParameters, specs, params, meta.classNames(), meta.preprocessing(),
                export.onnxOpsetVersion());
        return new Loaded(model, JsonFiles.read(dir.resolve(REPORT), PostTrainingQuantization.Report.class));
    }

    private static Parameters load(Path file, NDManager manager) {
        SafetensorsFile st = SafetensorsFile.open(file);
        Map<String, NDArray> values = new LinkedHashMap<>();
        for (TensorEntry e : st.entries().values()) {
            values.put(e.name(), st.load(e, manager));
        }
        return new Parameters(values);
    }
}
