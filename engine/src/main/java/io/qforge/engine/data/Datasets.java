package io.qforge.engine.data;

import io.qforge.api.Dataset;
import io.qforge.api.InvalidInputException;
import io.qforge.api.context.PluginContext;
import io.qforge.api.data.DatasetRequest;
import io.qforge.api.data.ImageSet;
import io.qforge.engine.config.run.PluginSelection;
import io.qforge.engine.plugin.PluginRegistry;
import io.qforge.engine.plugin.SpiType;
import jakarta.inject.Inject;
import java.io.IOException;

/** Opens a config's dataset through its plugin, handing it the engine's context. */
public final class Datasets {

    private final PluginRegistry plugins;
    private final PluginContext context;

    @Inject
    public Datasets(PluginRegistry plugins, PluginContext context) {
        this.plugins = plugins;
        this.context = context;
    }

    /** Opens both splits of {@code selection}, whose config path is {@code at} (e.g. {@code $.dataset}), checked to have the same classes and some images. */
    public DatasetSplits open(PluginSelection selection, String at, long seed) {
        Dataset dataset = plugins.get(SpiType.DATASET, selection.type(), at + ".type");
        ImageSet train;
        ImageSet test;
        try {
            train = dataset.open(new DatasetRequest(selection.options(), DatasetRequest.TRAIN, seed, at, context));
            test = dataset.open(new DatasetRequest(selection.options(), DatasetRequest.TEST, seed, at, context));
        } catch (IOException e) {
            throw new InvalidInputException(at, "cannot be read: " + e.getMessage());
        }
        if (!train.classNames().equals(test.classNames())) {
            throw new InvalidInputException(at, "has the classes " + train.classNames() + " for training but " + test.classNames() + " for testing");
        }
        if (train.size() == 0 || test.size() == 0) {
            throw new InvalidInputException(at, "has " + train.size() + " training and " + test.size() + " test images; both must have some");
        }
        return new DatasetSplits(train, test);
    }
}
