package io.qforge.engine.data;

import io.qforge.api.data.ImageSet;
import io.qforge.api.data.RawImage;
import java.util.List;

/** An image set whose labels index another list of class names, the same classes by name in another order or among more. */
final class RelabelledImages implements ImageSet {

    private final ImageSet images;
    private final List<String> classNames;
    private final int[] labelOf;

    RelabelledImages(ImageSet images, List<String> classNames) {
        this.images = images;
        this.classNames = List.copyOf(classNames);
        this.labelOf = images.classNames().stream().mapToInt(classNames::indexOf).toArray();
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public int size() {
        return images.size();
    }

    @Override
    public int label(int index) {
        return labelOf[images.label(index)];
    }

    @Override
    public RawImage image(int index) {
        return images.image(index);
    }

    @Override
    public List<String> skipped() {
        return images.skipped();
    }
}
