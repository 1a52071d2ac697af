package io.qforge.engine.data;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.qforge.api.data.ImageSet;
import java.util.Random;

/** Batches of preprocessed images, decoded and preprocessed when asked for. */
public final class ImageBatches implements BatchSource {

    private final ImageSet images;
    private final ImagePreprocessor preprocessor;
    private final boolean randomFlip;
    private final String name;

    /**
     * @param randomFlip flip each image horizontally with probability 1/2 when augmenting
     * @param name how errors name the dataset, e.g. "$.dataset (train)"
     */
    public ImageBatches(ImageSet images, ImagePreprocessor preprocessor, boolean randomFlip, String name) {
        this.images = images;
        this.preprocessor = preprocessor;
        this.randomFlip = randomFlip;
        this.name = name;
    }

    @Override
    public int size() {
        return images.size();
    }

    @Override
    public Batch batch(int[] indices, NDManager manager, boolean augment, long seed) {
        int sample = preprocessor.sampleSize();
        float[] data = new float[indices.length * sample];
        int[] labels = new int[indices.length];
        Random flips = new Random(seed);
        for (int i = 0; i < indices.length; i++) {
            boolean flip = augment && randomFlip && flips.nextBoolean();
            preprocessor.write(images.image(indices[i]), flip, data, i * sample, name + " image " + indices[i]);
            labels[i] = images.label(indices[i]);
        }
        Shape shape = new Shape(indices.length, preprocessor.channels(), preprocessor.height(), preprocessor.width());
        return new Batch(manager.create(data, shape), labels);
    }
}
