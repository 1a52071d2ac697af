package io.qforge.api.data;

import java.util.List;

/** A labelled, indexable split of a dataset. Labels are 0 to {@code classNames().size() - 1}. */
public interface ImageSet {

    /** Class names, indexed by label. */
    List<String> classNames();

    int size();

    int label(int index);

    RawImage image(int index);

    /** Files left out because they could not be read as images, each with the reason. */
    default List<String> skipped() {
        return List.of();
    }
}
