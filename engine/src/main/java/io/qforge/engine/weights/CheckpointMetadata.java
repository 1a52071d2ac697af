package io.qforge.engine.weights;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.qforge.api.backbone.Preprocessing;
import java.util.List;
import java.util.Map;

/**
 * The JSON written beside a checkpoint's safetensors file: what a later stage needs to use the
 * weights without the run config.
 *
 * @param backbone the backbone plugin's name
 * @param classNames class names by label; their count is the head's size
 * @param preprocessing the input preprocessing the weights expect
 * @param metrics named results, e.g. test accuracy; may be empty
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record CheckpointMetadata(String backbone, List<String> classNames, Preprocessing preprocessing, Map<String, Double> metrics) {

    public CheckpointMetadata {
        classNames = List.copyOf(classNames);
        // Written without metrics when there are none (NON_EMPTY), so read back as none.
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }
}
