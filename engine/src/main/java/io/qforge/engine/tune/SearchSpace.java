package io.qforge.engine.tune;

import io.qforge.api.graph.Graph;
import io.qforge.api.graph.Ops;
import io.qforge.api.quant.QuantSpec;
import io.qforge.api.quant.TensorKind;
import io.qforge.engine.config.ValidatedConfig;
import io.qforge.engine.config.run.CalibrationConfig;
import io.qforge.engine.config.vitis.QuantizeConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The settings {@code qforge tune} searches, cheapest first: ReLU6 to ReLU (when the model has
 * ReLU6), cross-layer equalization and bias correction switched, every other calibration method
 * for the activations, three times the calibration batches, AdaRound, fast finetune, and
 * per-channel weights where the target runs them. Which settings a target accepts is its rules'
 * call: the search proposes every installed calibrator, and the trials the target refuses cost
 * nothing.
 */
public final class SearchSpace {

    private SearchSpace() {}

    /**
     * The dimensions for {@code config}, whose quantized graph is {@code graph}; {@code runs} says
     * whether the run's target runs a spec as it is, without adjusting it (settings a target would
     * silently change back are not worth a trial).
     */
    public static List<SearchDimension> of(ValidatedConfig config, Graph graph, List<String> calibrators, Predicate<QuantSpec> runs) {
        QuantizeConfig q = config.quantization().config();
        CalibrationConfig c = config.run().calibration();
        List<SearchDimension> dimensions = new ArrayList<>();
        if (!Boolean.TRUE.equals(q.convertRelu6ToRelu()) && graph.nodes().stream().anyMatch(n -> n.op().equals(Ops.RELU6))) {
            dimensions.add(new SearchDimension("quantization.convert_relu6_to_relu", List.of(true)));
        }
        dimensions.add(new SearchDimension("quantization.include_cle", List.of(Boolean.FALSE.equals(q.includeCle()))));
        dimensions.add(new SearchDimension("quantization.include_bias_corr", List.of(Boolean.FALSE.equals(q.includeBiasCorr()))));
        String method = config.quantization().spec(TensorKind.ACTIVATION).method();
        List<Object> methods = new ArrayList<>(calibrators.stream().filter(m -> !m.equals(method)).toList());
        if (!methods.isEmpty()) {
            dimensions.add(new SearchDimension("quantization.tensor_quantize_config.activation.method", methods));
        }
        dimensions.add(new SearchDimension("calibration.batches", List.of(3 * c.batches())));
        if (!Boolean.TRUE.equals(c.includeAdaround())) {
            dimensions.add(new SearchDimension("calibration.include_adaround", List.of(true)));
        }
        if (!Boolean.TRUE.equals(c.includeFastFt())) {
            dimensions.add(new SearchDimension("calibration.include_fast_ft", List.of(true)));
        }
        QuantSpec weights = config.quantization().spec(TensorKind.WEIGHTS);
        if (!weights.perChannel() && runs.test(weights.withPerChannel(true))) {
            dimensions.add(new SearchDimension("quantization.tensor_quantize_config.weights.per_channel", List.of(true)));
        }
        return dimensions;
    }
}
