package io.qforge.engine.config.run;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The {@code output} section: runs write to {@code <dir>/<run name>/}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OutputConfig(String dir) {

    public static final OutputConfig DEFAULTS = new OutputConfig("out");
}
