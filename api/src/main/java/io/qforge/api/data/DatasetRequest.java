package io.qforge.api.data;

import java.util.Map;
import java.util.Objects;

/**
 * A request to open one split of a dataset.
 *
 * @param options the plugin's own options from the config's {@code dataset} object
 * @param split {@code train} or {@code test}
 * @param seed drives every random choice (shuffling, sampling, splitting)
 */
public record DatasetRequest(Map<String, Object> options, String split, long seed) {

    public DatasetRequest {
        options = Map.copyOf(options);
        Objects.requireNonNull(split, "split");
    }
}
