package io.qforge.api;

import io.qforge.api.data.DatasetRequest;
import io.qforge.api.data.ImageSet;
import java.io.IOException;

/**
 * A source of labelled images, such as {@code image-folder} or {@code fashion-mnist}.
 *
 * <p>Example: {@code open(new DatasetRequest(options, "train", 42, "$.dataset", context))} returns the training split.
 */
public interface Dataset extends QforgePlugin {

    /**
     * Opens one split. Bad options or unreadable files throw {@link InvalidInputException} naming
     * the option or file.
     */
    ImageSet open(DatasetRequest request) throws IOException;

    /**
     * Checks the options, and the files they name, without reading images: {@code qforge
     * validate} calls it so that it refuses what {@link #open} would. Bad options throw
     * {@link InvalidInputException} naming the option. The default checks nothing, leaving every
     * check to {@link #open}.
     */
    default void check(DatasetRequest request) throws IOException {}
}
