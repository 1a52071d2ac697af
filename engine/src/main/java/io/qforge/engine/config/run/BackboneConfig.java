package io.qforge.engine.config.run;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The {@code backbone} section.
 *
 * @param type the Backbone plugin, e.g. {@code resnet18}
 * @param weights {@code none} (random initialisation), {@code imagenet}, or a path to a
 *     safetensors, ONNX or checkpoint file, relative to the config file
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackboneConfig(String type, String weights) {

    public static final String NO_WEIGHTS = "none";
    public static final String IMAGENET = "imagenet";
}
