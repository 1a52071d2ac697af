package io.qforge.api.data;

import io.qforge.api.context.PluginContext;
import java.util.Map;
import java.util.Objects;

/**
 * A request to open one split of a dataset.
 *
 * @param options the plugin's own options from the config's dataset object
 * @param split {@code train} or {@code test}
 * @param seed drives every random choice (shuffling, sampling, splitting)
 * @param configPath the JSON path of the options, e.g. {@code $.dataset}, for error messages
 * @param context the engine's services: the cache, the offline flag, the user's data folder, fetching
 */
public record DatasetRequest(Map<String, Object> options, String split, long seed, String configPath, PluginContext context) {

    public static final String TRAIN = "train";
    public static final String TEST = "test";

    public DatasetRequest {
        options = Map.copyOf(options);
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(configPath, "configPath");
        Objects.requireNonNull(context, "context");
        if (!split.equals(TRAIN) && !split.equals(TEST)) {
            throw new IllegalArgumentException("split is train or test, not " + split);
        }
    }
}
