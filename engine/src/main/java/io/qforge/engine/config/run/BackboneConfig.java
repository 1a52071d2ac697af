package io.qforge.engine.config.run;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The {@code backbone} section.
 *
 * @param type the Backbone plugin, e.g. {@code resnet18}
 * @param weights {@code none} (fresh initialisation), {@code imagenet}, a path to a safetensors
 *     or ONNX file relative to the config, or a pretrain recipe
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackboneConfig(String type, WeightsSource weights) {}
