package io.qforge.engine.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qforge.api.InvalidInputException;
import io.qforge.engine.config.StrictJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code report.json}: what the stages of a run wrote, gathered into one document for the report
 * page. Everything in it is read back from the run folder, so a cached stage reports what it
 * produced when it ran.
 */
final class RunReport {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private RunReport() {}

    static ObjectNode assemble(Path runDir, String name, String version, Map<String, String> stages, double seconds) throws IOException {
        JsonNode training = read(runDir.resolve("training.json"));
        JsonNode compile = read(runDir.resolve("compiled/compile_report.json"));
        JsonNode quantization = read(runDir.resolve("quantized/report.json"));
        ObjectNode report = NODES.objectNode();
        report.put("run", name);
        report.put("qforge_version", version);
        report.put("seconds", seconds);
        report.set("stages", StrictJson.mapper().valueToTree(stages));

        ObjectNode train = report.putObject("training");
        for (String field : new String[] {"backbone", "weights", "mode", "class_names", "train_images", "test_images", "pretrain", "result", "comparisons"}) {
            if (training.has(field)) {
                train.set(field, training.get(field));
            }
        }
        JsonNode evaluation = quantization.get("evaluation");
        ObjectNode accuracy = report.putObject("accuracy");
        accuracy.put("images", evaluation.get("images").asInt());
        accuracy.put("transfer_top1", training.get("result").get("test_accuracy").asDouble());
        accuracy.put("float_top1", evaluation.get("float_top1").asDouble());
        accuracy.put("quantized_top1", evaluation.get("quantized_top1").asDouble());
        accuracy.put("agreement", evaluation.get("agreement").asDouble());
        accuracy.put("mean_sqnr_db", quantization.get("mean_sqnr_db").asDouble());
        report.set("sqnr_db", evaluation.get("sqnr_db"));
        report.set("histograms", histograms(runDir));

        ObjectNode target = report.putObject("target");
        target.put("name", compile.get("target").asText());
        target.set("summary", compile.get("inspection").get("summary"));
        target.put("subgraphs", compile.get("inspection").get("subgraphs").asInt());
        target.set("placements", compile.get("inspection").get("placements"));
        target.set("estimate", compile.get("estimate"));
        target.set("preset_estimates", compile.get("preset_estimates"));
        target.set("integer_check", compile.get("integer_check"));
        target.set("adjustments", quantization.get("target_adjustments"));

        ArrayNode artifacts = report.putArray("artifacts");
        artifacts.add(runDir.resolve("checkpoint/model.safetensors").toString());
        artifacts.add(runDir.resolve("quantized/quant_params.json").toString());
        compile.get("files").forEach(f -> artifacts.add(runDir.resolve("compiled").resolve(f.asText()).toString()));
        return report;
    }

    /** Each calibrated activation's histogram with the range its quant params keep, [qmin, qmax] times the scale. */
    private static ArrayNode histograms(Path runDir) throws IOException {
        Map<String, JsonNode> params = new HashMap<>();
        read(runDir.resolve("quantized/quant_params.json")).forEach(p -> params.put(p.get("tensor").asText(), p));
        ArrayNode out = NODES.arrayNode();
        for (JsonNode h : read(runDir.resolve("quantized/histograms.json"))) {
            ObjectNode entry = ((ObjectNode) h).deepCopy();
            JsonNode p = params.get(h.get("tensor").asText());
            if (p != null) {
                entry.put("method", p.get("method").asText());
                double qmin = p.get("qmin").asDouble();
                double qmax = p.get("qmax").asDouble();
                if (p.hasNonNull("fix_pos")) {
                    int fixPos = p.get("fix_pos").get(0).asInt();
                    double scale = Math.scalb(1.0, -fixPos);
                    entry.put("fix_pos", fixPos);
                    entry.put("range_min", qmin * scale);
                    entry.put("range_max", qmax * scale);
                } else {
                    double scale = p.get("scale").get(0).asDouble();
                    double zeroPoint = p.get("zero_point").get(0).asDouble();
                    entry.put("scale", scale);
                    entry.put("range_min", (qmin - zeroPoint) * scale);
                    entry.put("range_max", (qmax - zeroPoint) * scale);
                }
            }
            out.add(entry);
        }
        return out;
    }

    private static JsonNode read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file.toString(), "is missing: the run folder is incomplete. Run qforge run again to rebuild it");
        }
        return StrictJson.mapper().readTree(file.toFile());
    }
}
