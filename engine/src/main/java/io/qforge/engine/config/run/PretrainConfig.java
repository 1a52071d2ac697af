package io.qforge.engine.config.run;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How to make a backbone's starting weights when none can be downloaded: train it from scratch
 * on {@code dataset} with {@code training} (mode {@code scratch}). The result is cached by a hash
 * of everything that decides it, so later runs reuse it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PretrainConfig(PluginSelection dataset, TrainingConfig training) {}
