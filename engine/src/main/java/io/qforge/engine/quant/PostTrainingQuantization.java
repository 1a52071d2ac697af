package io.qforge.engine.quant;

import ai.djl.ndarray.NDManager;
import io.qforge.api.Backbone;
import io.qforge.api.InvalidInputException;
import io.qforge.api.backbone.BackboneSpec;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.Parameters;
import io.qforge.api.RoundMode;
import io.qforge.api.TargetDevice;
import io.qforge.api.backbone.Preprocessing;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.quant.QuantSpec;
import io.qforge.api.target.QuantizedModel;
import io.qforge.api.target.TargetOptions;
import io.qforge.api.quant.TensorKind;
import io.qforge.engine.config.DeviceKind;
import io.qforge.engine.config.ResolvedQuantizeConfig;
import io.qforge.engine.config.StrictJson;
import io.qforge.engine.config.run.PreprocessingConfig;
import io.qforge.engine.config.run.RunConfig;
import io.qforge.engine.data.BatchSource;
import io.qforge.engine.data.DatasetSplits;
import io.qforge.engine.data.ImageBatches;
import io.qforge.engine.data.ImagePreprocessor;
import io.qforge.engine.plugin.PluginRegistry;
import io.qforge.engine.plugin.SpiType;
import io.qforge.engine.progress.Progress;
import io.qforge.engine.weights.CheckpointMetadata;
import io.qforge.engine.weights.Checkpoints;
import io.qforge.engine.weights.WeightLoader;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Step 2 of the workflow, as far as it is built: load a trained checkpoint, fold batch norm,
 * calibrate every quantized tensor with the Vitis AI config's methods, simulate the int model and
 * compare it with the float one on the test split. Writes {@code quantized/} with the quant
 * params, the folded weights and the report.
 */
public final class PostTrainingQuantization {

    private final PluginRegistry plugins;

    @Inject
    public PostTrainingQuantization(PluginRegistry plugins) {
        this.plugins = plugins;
    }

    /** What {@code quantized/report.json} holds. */
    public record Report(String checkpoint, String targetDevice, List<String> targetAdjustments, int tensors, int calibrationImages,
            double calibrationSeconds,
            List<String> equalizedPairs, Map<String, Double> biasCorrections, double biasCorrectionSeconds, List<String> keptAtHigherBitWidth, List<String> dpuShiftAdjustments,
            QuantEvaluation.Result evaluation, double meanSqnrDb) {}

    /**
     * The run's result: the report, the model a target compiles, and what the engine needs to run
     * the simulated-int model again (its plan, params and round modes, the test split).
     */
    public record Outcome(Report report, QuantizedModel model, QuantPlan plan, Map<String, QuantParams> params, Map<String, RoundMode> roundModes,
            BatchSource test, int batchSize) {}

    public Outcome run(RunConfig run, ResolvedQuantizeConfig quantization, Path checkpoint, Path outDir, NDManager manager, Progress progress)
            throws IOException {
        Backbone backbone = plugins.get(SpiType.BACKBONE, run.backbone().type(), "$.backbone.type");
        if (!Files.isRegularFile(checkpoint)) {
            throw new InvalidInputException(checkpoint.toString(), "no checkpoint here. Run 'qforge train' with this config first, or give --checkpoint");
        }
        CheckpointMetadata meta;
        try {
            meta = Checkpoints.readMetadata(checkpoint);
        } catch (IOException e) {
            throw new InvalidInputException(checkpoint.toString(), "has no readable metadata beside it (" + e.getMessage()
                    + "); qforge train writes model.safetensors with model.json");
        }
        if (!meta.backbone().equals(backbone.name())) {
            throw new InvalidInputException(checkpoint.toString(), "was trained for the backbone " + meta.backbone() + ", but the config names " + backbone.name());
        }
        DatasetSplits data = DatasetSplits.open(plugins, run.dataset(), "$.dataset", run.seed());
        if (!data.train().classNames().equals(meta.classNames())) {
            throw new InvalidInputException(checkpoint.toString(), "has the classes " + meta.classNames() + ", but the config's dataset has "
                    + data.train().classNames() + ". Quantize with the dataset the checkpoint was trained on");
        }
        PreprocessingConfig pp = run.preprocessing();
        Graph graph = backbone.build(new BackboneSpec(meta.classNames().size(), 3, pp.height(), pp.width()));
        Parameters weights = new Parameters(WeightLoader.load(checkpoint, backbone, graph, manager, Set.of()));
        if (Boolean.TRUE.equals(quantization.config().convertRelu6ToRelu())) {
            graph = Relu6ToRelu.apply(graph);
        }
        FoldedModel folded = BatchNormFolding.apply(graph, weights);
        List<String> equalized = List.of();
        if (!Boolean.FALSE.equals(quantization.config().includeCle())) {
            CrossLayerEqualization.Result cle = CrossLayerEqualization.apply(folded, run.calibration().cleIterations());
            folded = cle.model();
            equalized = cle.pairs();
            progress.say("cross-layer equalization: " + equalized.size() + " conv pairs, " + run.calibration().cleIterations() + " iteration(s)");
        }
        QuantPlan plan = QuantPlan.of(folded.graph(), quantization, run.calibration().keepBitWidth());
        List<String> targetChanges = List.of();
        if (run.target() != null) {
            TargetDevice target = plugins.get(SpiType.TARGET, run.target().type(), "$.target.type");
            TargetConstraintPass.Result constrained = TargetConstraintPass.apply(plan, target.constraints(new TargetOptions(run.target().options())));
            plan = constrained.plan();
            targetChanges = constrained.changes();
            targetChanges.forEach(c -> progress.say("target " + target.name() + " adjusts " + c));
        }
        ImagePreprocessor pre = new ImagePreprocessor(pp, 3);
        BatchSource train = new ImageBatches(data.train(), pre, false, "$.dataset (train)");
        BatchSource test = new ImageBatches(data.test(), pre, false, "$.dataset (test)");
        int batchSize = run.calibration().batchSize();
        Calibration.Result calibration = Calibration.run(folded, plan, train, run.calibration().batches(), batchSize, run.seed(), plugins,
                manager, progress);
        boolean dpu = quantization.config().device() == DeviceKind.DPU;
        Map<String, QuantParams> params = calibration.params();
        List<String> shifts = new ArrayList<>();
        if (dpu) {
            params = dpuShifts(folded, plan, params, shifts, progress);
        }
        FoldedModel reference = folded;
        Map<String, Double> biasCorrections = Map.of();
        long biasStart = System.nanoTime();
        if (!Boolean.FALSE.equals(quantization.config().includeBiasCorr())) {
            SimulatedQuantization before = new SimulatedQuantization(plan, params, calibration.roundModes());
            BiasCorrection.Result corrected = BiasCorrection.apply(folded, before, train, run.calibration().batches(), batchSize, run.seed(),
                    manager, progress);
            before.release();
            folded = corrected.model();
            biasCorrections = corrected.largestShift();
            // The corrected biases need their own grids, and on the DPU their shifts checked again.
            params = new LinkedHashMap<>(params);
            params.putAll(Calibration.parameters(folded, plan, TensorKind.BIAS, plugins));
            if (dpu) {
                params = dpuShifts(folded, plan, params, shifts, progress);
            }
        }
        double biasSeconds = (System.nanoTime() - biasStart) / 1e9;
        params = AccumulatorBias.apply(folded.graph(), plan, params);
        SimulatedQuantization simulated = new SimulatedQuantization(plan, params, calibration.roundModes());
        QuantEvaluation.Result evaluation = QuantEvaluation.run(reference, folded, plan, simulated, test, batchSize, manager, progress);
        simulated.release();

        Path dir = outDir.resolve("quantized");
        List<QuantParamsEntry> entries = new ArrayList<>();
        Map<String, QuantParams> finalParams = params;
        plan.tensors().values().forEach(t -> entries.add(QuantParamsEntry.of(t, finalParams.get(t.name()))));
        StrictJson.writeFile(dir.resolve("quant_params.json"), entries);
        StrictJson.writeFile(dir.resolve("histograms.json"), calibration.histograms());
        Checkpoints.write(dir, "folded", folded.parameters(), new CheckpointMetadata(backbone.name(), meta.classNames(), meta.preprocessing(), Map.of()));
        int calibrationImages = Math.min(run.calibration().batches(), data.train().size() / batchSize) * batchSize;
        Report report = new Report(checkpoint.toString(), quantization.config().device().name(), targetChanges, entries.size(), calibrationImages,
                calibration.seconds(), equalized, biasCorrections, biasSeconds, plan.kept(), shifts, evaluation, evaluation.meanSqnrDb());
        StrictJson.writeFile(dir.resolve("report.json"), report);
        progress.say(String.format(Locale.ROOT, "float top-1 %.2f%%, quantized top-1 %.2f%% (drop %.2f points), agreement %.2f%%, mean SQNR %.1f dB",
                100 * evaluation.floatTop1(), 100 * evaluation.quantizedTop1(), 100 * (evaluation.floatTop1() - evaluation.quantizedTop1()),
                100 * evaluation.agreement(), evaluation.meanSqnrDb()));
        QuantizedModel model = new QuantizedModel(folded.graph(), folded.parameters(), reference.parameters(), specs(plan), finalParams, meta.classNames(),
                new Preprocessing(pp.height(), pp.width(), pp.mean(), pp.std()));
        return new Outcome(report, model, plan, finalParams, calibration.roundModes(), test, batchSize);
    }

    private static Map<String, QuantSpec> specs(QuantPlan plan) {
        Map<String, QuantSpec> out = new LinkedHashMap<>();
        plan.tensors().forEach((name, t) -> out.put(name, t.spec()));
        return out;
    }

    private static Map<String, QuantParams> dpuShifts(FoldedModel folded, QuantPlan plan, Map<String, QuantParams> params, List<String> moves,
            Progress progress) {
        DpuShiftConstraints.Result shifted = DpuShiftConstraints.apply(folded.graph(), plan, params);
        shifted.adjustments().forEach(progress::say);
        moves.addAll(shifted.adjustments());
        return shifted.params();
    }
}
