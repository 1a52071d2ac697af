package io.qforge.engine.data;

import io.qforge.api.data.ImageSet;

/** The training and test splits of a config's dataset, with the same classes and some images each (see {@link Datasets}). */
public record DatasetSplits(ImageSet train, ImageSet test) {}
