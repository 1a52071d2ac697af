package io.qforge.engine.quant;

import ai.djl.ndarray.NDManager;
import io.qforge.api.backbone.Preprocessing;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.Parameters;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.target.QuantizedModel;
import io.qforge.engine.config.run.CalibrationConfig;
import io.qforge.engine.config.run.TrainingConfig;
import io.qforge.engine.config.vitis.ResolvedQuantizeConfig;
import io.qforge.engine.data.BatchSource;
import io.qforge.engine.progress.Progress;
import io.qforge.engine.training.Teacher;
import io.qforge.engine.training.TrainingHistory;
import java.util.List;
import java.util.Map;

/**
 * The one state the passes of post-training quantization work on, from the trained float model
 * to the evaluated quantized one. The first block is what every pass reads; the second is what
 * passes change, in the order they usually fill it.
 */
public final class QuantizationState {

    final ResolvedQuantizeConfig config;
    final CalibrationConfig calibration;
    final long seed;
    final BatchSource train;
    final BatchSource test;
    final List<String> classNames;
    final Preprocessing preprocessing;
    final NDManager manager;
    final Progress progress;
    /** Training mode qat's settings; null for post-training quantization alone. */
    TrainingConfig training;
    /** Mode qat's teacher other than the float model; null for none or the float model. */
    Teacher teacher;
    /** The training split with the preprocessing's augmentation, for mode qat. */
    BatchSource augmentedTrain;
    /** The backbone plugin's name. */
    String backbone;
    /** Where calibration observes its batches when not in this process; null for here. */
    DistributedCalibration distributed;

    Graph graph;
    /** The graph before a target rewrote it into its hardware's arithmetic; null while it has not. */
    Graph floatGraph;
    /** The values the quantized model runs with: folded, equalized, bias-corrected. */
    Parameters parameters;
    /** The float model's values, once a pass (bias correction) makes the quantized model's differ. */
    Parameters floatParameters;
    QuantPlan plan;
    Map<String, QuantParams> params;
    Calibration.Result calibrated;
    Map<String, Double> biasCorrections = Map.of();
    QuantEvaluation.Result evaluation;
    /** What quantization-aware training did, when it ran. */
    TrainingHistory qat;

    QuantizationState(ResolvedQuantizeConfig config, CalibrationConfig calibration, long seed, BatchSource train, BatchSource test,
            List<String> classNames, Preprocessing preprocessing, Graph graph, Parameters parameters, NDManager manager, Progress progress) {
        this.config = config;
        this.calibration = calibration;
        this.seed = seed;
        this.train = train;
        this.test = test;
        this.classNames = List.copyOf(classNames);
        this.preprocessing = preprocessing;
        this.graph = graph;
        this.parameters = parameters;
        this.manager = manager;
        this.progress = progress;
    }

    /** The float model as it stands: the graph with {@link #floatParameters}, or the current values before they part. */
    FoldedModel floatModel() {
        return new FoldedModel(floatGraph != null ? floatGraph : graph, floatParameters != null ? floatParameters : parameters);
    }

    /** The quantized model as it stands, the view a target's passes and compilation take. */
    public QuantizedModel model() {
        return new QuantizedModel(graph, parameters, floatModel().parameters(), plan.specs(), params, classNames, preprocessing,
                config.onnxOpsetVersion());
    }
}
