package io.qforge.engine.config.run;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How an image reaches the input size: scaled, or zero-padded around its centre (28x28 to 32x32). */
public enum ResizeMode {
    @JsonProperty("resize") RESIZE,
    @JsonProperty("pad") PAD
}
