package io.qforge.engine.config.vitis;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.qforge.api.quant.TensorKind;
import java.util.List;

/**
 * A Vitis AI {@code vai_q_pytorch} quantization config ({@code int8_config.json}), key for key.
 * Any other key is an error. Null fields take the defaults of the target whose rules apply (see
 * {@link io.qforge.engine.rules.TargetRulesFinder}).
 *
 * <p>{@code keep_first_last_layer_accuracy} and {@code keep_add_layer_accuracy} are accepted by
 * Vitis AI but not implemented there; qforge implements them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "convert_relu6_to_relu", "convert_silu_to_hswish", "include_cle", "include_bias_corr",
    "keep_first_last_layer_accuracy", "keep_add_layer_accuracy", "target_device", "onnx_opset_version",
    "change_concat_input_fix", "change_pool_input_fix", "quantizable_data_type",
    "overall_quantize_config", "tensor_quantize_config", "layer_quantize_config"
})
public record QuantizeConfig(
        Boolean convertRelu6ToRelu,
        Boolean convertSiluToHswish,
        Boolean includeCle,
        Boolean includeBiasCorr,
        Boolean keepFirstLastLayerAccuracy,
        Boolean keepAddLayerAccuracy,
        String targetDevice,
        Integer onnxOpsetVersion,
        Boolean changeConcatInputFix,
        Boolean changePoolInputFix,
        List<TensorKind> quantizableDataType,
        TensorQuantizeConfig overallQuantizeConfig,
        TensorQuantizeConfigs tensorQuantizeConfig,
        List<LayerQuantizeConfig> layerQuantizeConfig) {

    /** The JSON keys of the schema, to tell a Vitis AI config from a run config. */
    public static final List<String> KEYS = List.of(
            "convert_relu6_to_relu", "convert_silu_to_hswish", "include_cle", "include_bias_corr",
            "keep_first_last_layer_accuracy", "keep_add_layer_accuracy", "target_device", "onnx_opset_version",
            "change_concat_input_fix", "change_pool_input_fix", "quantizable_data_type",
            "overall_quantize_config", "tensor_quantize_config", "layer_quantize_config");
}
