package io.qforge.engine.config.vitis;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.qforge.api.quant.TensorKind;
import java.util.List;

/**
 * One entry of Vitis AI's {@code layer_quantize_config}: settings for the layers of one type
 * (e.g. {@code torch.nn.Conv2d}) or for one named layer. Exactly one of {@code layer_type} and
 * {@code layer_name} is set.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LayerQuantizeConfig(
        String layerType,
        String layerName,
        List<TensorKind> quantizableDataType,
        TensorQuantizeConfig overallQuantizeConfig,
        TensorQuantizeConfigs tensorQuantizeConfig) {}
