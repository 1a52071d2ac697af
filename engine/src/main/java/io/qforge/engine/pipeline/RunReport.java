package io.qforge.engine.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import io.qforge.api.InvalidInputException;
import io.qforge.api.target.NodePlacement;
import io.qforge.api.target.PerformanceEstimate;
import io.qforge.engine.compile.Compilation;
import io.qforge.engine.compile.IntegerCheck;
import io.qforge.engine.io.JsonFiles;
import io.qforge.engine.quant.PostTrainingQuantization;
import io.qforge.engine.quant.QuantParamsEntry;
import io.qforge.engine.quant.QuantizedArtifact;
import io.qforge.engine.quant.Sensitivity;
import io.qforge.engine.tune.Tuning;
import io.qforge.engine.quant.TensorHistogram;
import io.qforge.engine.stage.RunStages;
import io.qforge.engine.training.TrainingReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code report.json}: what the stages of a run wrote, gathered into one document for the report
 * page and the summary. It is built from the stages' own records, read back from the run folder,
 * so a cached stage reports what it produced when it ran, and a renamed field is a compile error.
 *
 * @param run the run's name
 * @param qforgeVersion the version that wrote it
 * @param seconds how long the run took
 * @param stages what each stage did: ran or cached
 * @param training the training stage's report, without its paths
 * @param accuracy the headline figures
 * @param sqnrDb per quantized activation, its SQNR against the float model
 * @param histograms each calibrated activation's histogram with the range its params keep
 * @param target the compile stage's verdict and estimates, and what the target adjusted
 * @param artifacts the files a user takes away
 * @param sensitivity {@code qforge analyze}'s per-layer sensitivity of this quantization, when it ran
 * @param tuning {@code qforge tune}'s search for this run config, when it ran
 */
public record RunReport(String run, String qforgeVersion, double seconds, Map<String, String> stages, Training training, Accuracy accuracy,
        Map<String, Double> sqnrDb, List<Histogram> histograms, Target target, List<String> artifacts,
        @JsonInclude(JsonInclude.Include.NON_NULL) Sensitivity.Result sensitivity,
        @JsonInclude(JsonInclude.Include.NON_NULL) Tuning.Report tuning) {

    /**
     * The training, as the report shows it: the train stage's runs, and in mode qat the quantize
     * stage's quantization-aware training as the comparison "qat".
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Training(String backbone, String weights, String mode, List<String> classNames, int trainImages, int testImages,
            TrainingReport.Pretrain pretrain, TrainingReport.Result result, Map<String, TrainingReport.Result> comparisons,
            TrainingReport.TeacherResult teacher) {}

    /** Top-1 of the transfer, float and simulated-int models on the test split, their agreement, and the mean SQNR. */
    public record Accuracy(int images, double transferTop1, double floatTop1, double quantizedTop1, double agreement, double meanSqnrDb) {}

    /** A calibration histogram with the range its quant params keep: [qmin, qmax] times the scale, less the zero point. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Histogram(String tensor, int images, float min, float max, long[] counts, String method, Integer fixPos, Double scale,
            Double rangeMin, Double rangeMax) {}

    /** The target's inspection, estimates, integer check and adjustments. */
    public record Target(String name, String summary, int subgraphs, List<NodePlacement> placements, PerformanceEstimate estimate,
            List<PerformanceEstimate> presetEstimates, IntegerCheck.Result integerCheck, List<String> adjustments) {}

    /** The report of the run folder {@code runDir}, from what its stages wrote. */
    static RunReport assemble(Path runDir, String name, String version, Map<String, String> stages, double seconds) throws IOException {
        TrainingReport t = read(runDir.resolve("training.json"), TrainingReport.class);
        Path quantized = runDir.resolve(QuantizedArtifact.DIR);
        PostTrainingQuantization.Report q = read(quantized.resolve("report.json"), PostTrainingQuantization.Report.class);
        Compilation.Report c = read(runDir.resolve(Compilation.DIR).resolve(Compilation.REPORT), Compilation.Report.class);
        Map<String, TrainingReport.Result> runs = new LinkedHashMap<>(t.comparisons());
        if (q.qat() != null) {
            runs.put("qat", q.qat());
        }
        Training training = new Training(t.backbone(), t.weights(), t.mode(), t.classNames(), t.trainImages(), t.testImages(), t.pretrain(),
                t.result(), runs, t.teacher());
        Accuracy accuracy = new Accuracy(q.evaluation().images(), t.result().testAccuracy(), q.evaluation().floatTop1(),
                q.evaluation().quantizedTop1(), q.evaluation().agreement(), q.meanSqnrDb());
        Target target = new Target(c.target(), c.inspection().summary(), c.inspection().subgraphs(), c.inspection().placements(), c.estimate(),
                c.presetEstimates(), c.integerCheck(), q.targetAdjustments());
        List<String> artifacts = new ArrayList<>();
        artifacts.add(runDir.resolve("checkpoint/model.safetensors").toString());
        artifacts.add(quantized.resolve("quant_params.json").toString());
        c.files().forEach(f -> artifacts.add(runDir.resolve(Compilation.DIR).resolve(f).toString()));
        Path analysis = runDir.resolve(RunStages.ANALYSIS);
        Sensitivity.Result sensitivity = Files.isRegularFile(analysis) ? read(analysis, Sensitivity.Result.class) : null;
        Path tune = runDir.resolve(Tuning.DIR).resolve(Tuning.REPORT);
        Tuning.Report tuning = Files.isRegularFile(tune) ? read(tune, Tuning.Report.class) : null;
        return new RunReport(name, version, seconds, stages, training, accuracy, q.evaluation().sqnrDb(), histograms(quantized), target, artifacts,
                sensitivity, tuning);
    }

    private static List<Histogram> histograms(Path quantized) throws IOException {
        Map<String, QuantParamsEntry> params = new HashMap<>();
        for (QuantParamsEntry p : read(quantized.resolve("quant_params.json"), new TypeReference<List<QuantParamsEntry>>() {})) {
            params.put(p.tensor(), p);
        }
        List<Histogram> out = new ArrayList<>();
        for (TensorHistogram h : read(quantized.resolve("histograms.json"), new TypeReference<List<TensorHistogram>>() {})) {
            QuantParamsEntry p = params.get(h.tensor());
            if (p == null) {
                out.add(new Histogram(h.tensor(), h.images(), h.min(), h.max(), h.counts(), null, null, null, null, null));
            } else if (p.fixPos() != null) {
                int fixPos = p.fixPos().get(0);
                double scale = Math.scalb(1.0, -fixPos);
                out.add(new Histogram(h.tensor(), h.images(), h.min(), h.max(), h.counts(), p.method(), fixPos, null, p.qmin() * scale,
                        p.qmax() * scale));
            } else {
                double scale = p.scale().get(0);
                double zeroPoint = p.zeroPoint().get(0);
                out.add(new Histogram(h.tensor(), h.images(), h.min(), h.max(), h.counts(), p.method(), null, scale, (p.qmin() - zeroPoint) * scale,
                        (p.qmax() - zeroPoint) * scale));
            }
        }
        return out;
    }

    private static <T> T read(Path file, Class<T> type) throws IOException {
        return JsonFiles.MAPPER.readValue(existing(file).toFile(), type);
    }

    private static <T> T read(Path file, TypeReference<T> type) throws IOException {
        return JsonFiles.MAPPER.readValue(existing(file).toFile(), type);
    }

    private static Path existing(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file.toString(), "is missing: the run folder is incomplete. Run qforge run again to rebuild it");
        }
        return file;
    }
}
