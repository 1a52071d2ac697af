package io.qforge.engine.quant;

import io.qforge.api.InvalidInputException;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Ops;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.quant.ResolvedSpec;
import io.qforge.api.quant.TensorKind;
import io.qforge.api.rules.AdjustedGraph;
import io.qforge.api.rules.AdjustedParams;
import io.qforge.api.rules.GraphAdjustment;
import io.qforge.api.rules.ParamsAdjustment;
import io.qforge.api.rules.SettingChange;
import io.qforge.api.rules.SpecAdjustment;
import io.qforge.api.target.QuantizedModel;
import io.qforge.engine.config.Problems;
import io.qforge.engine.config.run.HistogramMode;
import io.qforge.engine.config.vitis.ResolvedQuantizeConfig;
import io.qforge.engine.rules.SpecResolution;
import io.qforge.engine.rules.TargetRules;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Post-training quantization as named passes over one {@link QuantizationState}, in this order:
 * relu6-to-relu, fold-batch-norm, cross-layer-equalization, the target's rewrites of the graph into
 * its hardware's arithmetic, plan, the target's rules on every
 * tensor's spec, calibrate, the target's own params passes, adaround and fast-finetune (when the
 * {@code calibration} section asks; each re-runs the target's params passes on every layer it
 * changes), quantization-aware-training (training mode qat: the whole model trained under the
 * frozen params), bias-correction (which calibrates the biases again and re-runs the target's
 * params passes; skipped after qat, which fits the biases itself), evaluate. Each pass is
 * reported with its time and its changes.
 */
public final class PostTrainingPasses {

    /** How many of a pass's changes the log shows; the report has them all. */
    private static final int LOGGED_CHANGES = 5;
    static final String CALIBRATE = "calibrate";

    private PostTrainingPasses() {}

    /**
     * The standard passes, with the target's where they belong: the run's target adjusts the specs
     * (a run without one keeps them as written), and {@code config.paramsFrom()}, the target whose
     * rules quantize, rewrites the graph into its arithmetic and runs its params passes.
     */
    public static List<QuantizationPass> standard(ResolvedQuantizeConfig config, SpecResolution resolution) {
        // Quantization-aware training fits the biases itself; correcting them afterwards would undo its work.
        Predicate<QuantizationState> biasCorrection = s -> !Boolean.FALSE.equals(s.config.config().includeBiasCorr()) && s.training == null;
        List<QuantizationPass> passes = new ArrayList<>();
        passes.add(QuantizationPass.when("relu6-to-relu", s -> Boolean.TRUE.equals(s.config.config().convertRelu6ToRelu()),
                PostTrainingPasses::relu6ToRelu));
        passes.add(QuantizationPass.of("fold-batch-norm", PostTrainingPasses::foldBatchNorm));
        passes.add(QuantizationPass.when("cross-layer-equalization", s -> !Boolean.FALSE.equals(s.config.config().includeCle()),
                PostTrainingPasses::equalize));
        TargetRules target = config.paramsFrom();
        target.rules().graphAdjustments().forEach(adjustment -> passes.add(
                new QuantizationPass(target.name() + ": " + adjustment.name(), target.name(), s -> true, s -> adjustGraph(s, adjustment))));
        passes.add(QuantizationPass.of("plan", s -> plan(s, resolution)));
        config.runTarget().ifPresent(run -> passes.add(new QuantizationPass("target-rules", run.name(), s -> true,
                s -> adjustSpecs(s, run))));
        passes.add(QuantizationPass.of(CALIBRATE, PostTrainingPasses::calibrate));
        passes.add(QuantizationPass.when("input-fix", s -> !inputFixOps(s).isEmpty(), s -> inputsTakeOutputParams(s, inputFixOps(s))));
        List<ParamsAdjustment> params = target.rules().paramAdjustments();
        params.stream().filter(ParamsAdjustment::beforeBiasCorrection)
                .forEach(pass -> passes.add(targetParams(target, pass, "", s -> true)));
        Consumer<QuantizationState> rerunTargetParams = s -> params.stream().filter(ParamsAdjustment::beforeBiasCorrection)
                .forEach(pass -> s.params = merged(s.params, pass.apply(s.model())));
        passes.add(QuantizationPass.when("adaround", s -> Boolean.TRUE.equals(s.calibration.includeAdaround()),
                s -> reconstruct(s, "adaround", new AdaRound(s.calibration.adaroundIterations()), rerunTargetParams)));
        passes.add(QuantizationPass.when("fast-finetune", s -> Boolean.TRUE.equals(s.calibration.includeFastFt()),
                s -> reconstruct(s, "fast finetune", new FastFinetune(s.calibration.fastFtEpochs()), rerunTargetParams)));
        passes.add(QuantizationPass.when("quantization-aware-training", s -> s.training != null, s -> {
            s.qat = QuantizationAwareTraining.run(s, params, target.name());
            return List.of(String.format(Locale.ROOT, "%d epochs on %d images; simulated int8 test top-1 %.2f%% (epoch %d kept)",
                    s.qat.epochs().size(), s.augmentedTrain.size(), 100 * s.qat.testAccuracy(), s.qat.keptEpoch()));
        }));
        passes.add(QuantizationPass.when("bias-correction", biasCorrection, PostTrainingPasses::correctBiases));
        for (ParamsAdjustment pass : params) {
            passes.add(pass.beforeBiasCorrection() ? targetParams(target, pass, " (after bias correction)", biasCorrection)
                    : targetParams(target, pass, "", s -> true));
        }
        passes.add(QuantizationPass.of("evaluate", PostTrainingPasses::evaluate));
        return passes;
    }

    private static List<String> relu6ToRelu(QuantizationState s) {
        List<String> changed = s.graph.nodes().stream().filter(n -> n.op().equals(Ops.RELU6)).map(n -> n.name() + ": relu6 -> relu").toList();
        s.graph = Relu6ToRelu.apply(s.graph);
        return changed;
    }

    private static List<String> foldBatchNorm(QuantizationState s) {
        FoldedModel folded = BatchNormFolding.apply(s.graph, s.parameters);
        List<String> changes = new ArrayList<>();
        for (Node n : s.graph.nodes()) {
            if (n.op().equals(Ops.BATCH_NORM) && folded.graph().node(n.name()) == null) {
                changes.add(n.name() + " folded into " + n.inputs().get(0));
            }
        }
        s.graph = folded.graph();
        s.parameters = folded.parameters();
        return changes;
    }

    private static List<String> equalize(QuantizationState s) {
        CrossLayerEqualization.Result cle = CrossLayerEqualization.apply(new FoldedModel(s.graph, s.parameters), s.calibration.cleIterations());
        s.parameters = cle.model().parameters();
        return cle.pairs();
    }

    /** The target's rewrite into its hardware's arithmetic; the float model keeps the graph as it was. */
    private static List<String> adjustGraph(QuantizationState s, GraphAdjustment adjustment) {
        if (s.floatGraph == null) {
            s.floatGraph = s.graph;
        }
        AdjustedGraph adjusted = adjustment.apply(s.graph);
        s.graph = adjusted.graph();
        return adjusted.changes();
    }

    private static List<String> plan(QuantizationState s, SpecResolution resolution) {
        s.plan = QuantPlan.of(s.graph, s.config, s.calibration.keepBitWidth(), resolution);
        List<String> changes = new ArrayList<>();
        s.plan.unmatchedEntries().forEach(line -> changes.add("warning: " + line));
        s.plan.kept().forEach(t -> changes.add(t + ": bit_width " + s.calibration.keepBitWidth() + " (kept accurate)"));
        return changes;
    }

    /**
     * The target's adjustment of every tensor's spec. Changes are listed once per kind and change,
     * with the number of tensors; a strict target refuses them instead, each at the JSON path that
     * set the setting.
     */
    private static List<String> adjustSpecs(QuantizationState s, TargetRules target) {
        Map<String, ResolvedSpec> adjusted = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        Problems refused = new Problems();
        for (QuantTensor t : s.plan.tensors().values()) {
            SpecAdjustment a = target.rules().adjust(t.spec());
            if (a.changes().isEmpty()) {
                continue;
            }
            adjusted.put(t.name(), a.accepted());
            for (SettingChange c : a.changes()) {
                counts.merge(t.kind().configName() + "|" + c.describe(), 1, Integer::sum);
                String path = c.setting() == null ? t.settings().location() : t.settings().pathOf(c.setting());
                refused.add(path, (c.setting() == null ? c.why() : c.setting().key() + " " + c.from() + " is not accepted by target "
                        + target.name() + " (strict): " + c.why() + ". Allowed: " + c.allowed()), t.kind());
            }
        }
        if (target.options().strict() && !refused.isEmpty()) {
            throw new InvalidInputException("$.quantization", "target " + target.name() + " is strict and refuses " + refused.size()
                    + " setting(s):" + refused.list().stream().map(p -> "\n  " + p.path() + ": " + p.message()).collect(Collectors.joining()));
        }
        s.plan = s.plan.withSpecs(adjusted);
        List<String> lines = new ArrayList<>();
        counts.forEach((key, n) -> {
            String[] kindAndChange = key.split("\\|", 2);
            lines.add(kindAndChange[0] + " (" + n + (n == 1 ? " tensor" : " tensors") + "): " + kindAndChange[1]);
        });
        return lines;
    }

    /** Where the calibrate pass stands in {@code passes}. */
    static int indexOfCalibration(List<QuantizationPass> passes) {
        for (int i = 0; i < passes.size(); i++) {
            if (passes.get(i).name().equals(CALIBRATE)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no calibrate pass");
    }

    private static List<String> calibrate(QuantizationState s) {
        if (s.distributed != null) {
            s.calibrated = s.distributed.run(s);
            s.params = new LinkedHashMap<>(s.calibrated.params());
            return List.of();
        }
        s.calibrated = Calibration.run(new FoldedModel(s.graph, s.parameters), s.plan, s.train, s.calibration.batches(),
                s.calibration.batchSize(), s.seed, s.calibration.histograms() == HistogramMode.ACCUMULATED, s.manager, s.progress);
        s.params = new LinkedHashMap<>(s.calibrated.params());
        return List.of();
    }

    /** The ops whose inputs take their output's params: concat with {@code change_concat_input_fix}, the pools with {@code change_pool_input_fix}. */
    private static Set<String> inputFixOps(QuantizationState s) {
        Set<String> ops = new HashSet<>();
        if (Boolean.TRUE.equals(s.config.config().changeConcatInputFix())) {
            ops.add(Ops.CONCAT);
        }
        if (Boolean.TRUE.equals(s.config.config().changePoolInputFix())) {
            ops.addAll(List.of(Ops.MAX_POOL2D, Ops.AVG_POOL2D, Ops.GLOBAL_AVG_POOL));
        }
        return ops;
    }

    /**
     * {@code change_concat_input_fix} and {@code change_pool_input_fix}, as vai_q_pytorch does
     * them: one walk from the last node to the first, in which each input of a concat (or max,
     * average or adaptive average pool) takes the quant params of the op's output, so that the op
     * copies integers without shifting them. Walking backwards lets a change travel up a chain
     * (pool after concat: the concat's output takes the pool's params first, then its inputs take
     * them too), and a tensor read by several such ops ends with the first one's. An input whose
     * integer range differs (another bit width) keeps its params, as its spec could not hold the
     * output's; the pass lists it.
     */
    private static List<String> inputsTakeOutputParams(QuantizationState s, Set<String> ops) {
        QuantizedModel model = s.model();
        Map<String, QuantParams> params = new LinkedHashMap<>(s.params);
        List<String> changes = new ArrayList<>();
        List<Node> nodes = s.graph.nodes();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node n = nodes.get(i);
            String produced = ops.contains(n.op()) ? model.outputTensor(n) : null;
            QuantParams out = produced == null ? null : params.get(produced);
            if (out == null) {
                continue;
            }
            for (String in : n.inputs()) {
                String source = model.quantizedSource(in);
                QuantParams before = source == null ? null : params.get(source);
                if (before == null || before.equals(out)) {
                    continue;
                }
                if (before.qmin() == out.qmin() && before.qmax() == out.qmax()) {
                    params.put(source, out);
                    changes.add(source + ": " + before + " -> " + out + " (as " + n.op() + " " + n.name() + "'s output)");
                } else {
                    changes.add(source + ": kept " + before + ", whose integer range differs from " + n.op() + " " + n.name() + "'s output " + out);
                }
            }
        }
        s.params = params;
        return changes;
    }

    /** A params pass of the target, named after the target. */
    private static QuantizationPass targetParams(TargetRules target, ParamsAdjustment pass, String suffix,
            Predicate<QuantizationState> enabled) {
        return new QuantizationPass(target.name() + ": " + pass.name() + suffix, target.name(), enabled, s -> {
            AdjustedParams adjusted = pass.apply(s.model());
            s.params = merged(s.params, adjusted);
            return adjusted.changes();
        });
    }

    static Map<String, QuantParams> merged(Map<String, QuantParams> params, AdjustedParams adjusted) {
        Map<String, QuantParams> merged = new LinkedHashMap<>(params);
        merged.putAll(adjusted.params());
        return merged;
    }

    /** Fast finetune or AdaRound: every layer reconstructed in turn, its memory stated first. */
    private static List<String> reconstruct(QuantizationState s, String label, LayerReconstruction.LayerStep step,
            Consumer<QuantizationState> targetParams) {
        LayerReconstruction.Outcome outcome = LayerReconstruction.run(s, label, step, targetParams);
        List<String> changes = new ArrayList<>();
        changes.add(String.format(Locale.ROOT, "%d of %d layers kept; one layer's samples held at most %.1f MB, "
                + "the calibration inputs and float logits %.1f MB", outcome.kept(), outcome.layers(), outcome.peakSampleBytes() / 1e6,
                outcome.inputBytes() / 1e6));
        changes.addAll(outcome.changes());
        return changes;
    }

    /** Bias correction, then the corrected biases calibrated again, as their values moved. */
    private static List<String> correctBiases(QuantizationState s) {
        SimulatedQuantization before = new SimulatedQuantization(s.plan.specs(), s.params);
        BiasCorrection.Result corrected = BiasCorrection.apply(new FoldedModel(s.graph, s.parameters), before, s.train, s.calibration.batches(),
                s.calibration.batchSize(), s.seed, s.manager, s.progress);
        before.release();
        if (s.floatParameters == null) {
            s.floatParameters = s.parameters;
        }
        s.parameters = corrected.model().parameters();
        s.biasCorrections = corrected.largestShift();
        Map<String, QuantParams> merged = new LinkedHashMap<>(s.params);
        merged.putAll(Calibration.parameters(corrected.model(), s.plan, TensorKind.BIAS));
        s.params = merged;
        List<String> changes = new ArrayList<>();
        s.biasCorrections.forEach((bias, shift) -> changes.add(String.format(Locale.ROOT, "%s: moved by up to %.3g", bias, shift)));
        return changes;
    }

    private static List<String> evaluate(QuantizationState s) {
        SimulatedQuantization simulated = SimulatedQuantization.of(s.model());
        List<String> activations = s.plan.ofKind(TensorKind.ACTIVATION).stream().map(QuantTensor::name).toList();
        s.evaluation = QuantEvaluation.run(s.floatModel(), new FoldedModel(s.graph, s.parameters), activations, simulated, s.test,
                s.calibration.batchSize(), s.manager, s.progress);
        simulated.release();
        return List.of();
    }

    /** Runs the enabled passes in order, logging each one's changes; returns what each did. */
    public static List<PassRecord> run(QuantizationState state, List<QuantizationPass> passes) {
        List<PassRecord> records = new ArrayList<>();
        for (QuantizationPass pass : passes) {
            if (!pass.enabled().test(state)) {
                continue;
            }
            long start = System.nanoTime();
            List<String> changes = pass.body().apply(state);
            double seconds = (System.nanoTime() - start) / 1e9;
            records.add(new PassRecord(pass.name(), pass.owner(), seconds, changes));
            if (!changes.isEmpty()) {
                state.progress.say(String.format(Locale.ROOT, "%s: %d change%s", pass.name(), changes.size(), changes.size() == 1 ? "" : "s"));
                changes.stream().limit(LOGGED_CHANGES).forEach(c -> state.progress.say("  " + c));
                if (changes.size() > LOGGED_CHANGES) {
                    state.progress.say("  ... " + (changes.size() - LOGGED_CHANGES) + " more in quantized/report.json");
                }
            }
        }
        return records;
    }
}
