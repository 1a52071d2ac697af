package io.qforge.engine.config.vitis;

/**
 * A resolved parameter value and the JSON path that set it, or a null path when it is the target
 * device's default.
 */
public record Sourced(Object value, String path) {

    public boolean isDefault() {
        return path == null;
    }
}
