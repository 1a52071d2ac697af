package io.qforge.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qforge.api.Dataset;
import io.qforge.api.data.DatasetRequest;
import io.qforge.api.data.ImageSet;
import io.qforge.api.data.RawImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract of a {@link Dataset}: both splits open with the same classes, labels index the
 * class names, images are whole, and the same request gives the same images in the same order.
 * Return your dataset and the options of a small instance of it (for example a folder the test
 * writes) from {@link #dataset()} and {@link #options()}. The dataset gets an offline
 * {@link TestPluginContext} whose cache is a fresh folder.
 */
public abstract class DatasetContract {

    protected abstract Dataset dataset();

    /** The dataset's options as a config's {@code dataset} object would give them, without {@code type}. */
    protected abstract Map<String, Object> options();

    @TempDir
    Path cache;

    private ImageSet open(String split) throws IOException {
        return dataset().open(new DatasetRequest(options(), split, 42, "$.dataset", TestPluginContext.offline(cache)));
    }

    @Test
    void nameIsAConfigWord() {
        PluginNames.check(dataset());
    }

    @Test
    void bothSplitsHaveTheSameClassesAndValidLabels() throws IOException {
        ImageSet train = open(DatasetRequest.TRAIN);
        ImageSet test = open(DatasetRequest.TEST);
        assertTrue(train.size() > 0 && test.size() > 0, "both splits have images");
        assertEquals(train.classNames(), test.classNames(), "the test split has the training split's classes, in the same order");
        assertEquals(train.classNames().size(), new HashSet<>(train.classNames()).size(), "class names are unique");
        for (ImageSet set : new ImageSet[] {train, test}) {
            for (int i = 0; i < set.size(); i++) {
                int label = set.label(i);
                assertTrue(label >= 0 && label < set.classNames().size(), "label " + label + " of image " + i + " indexes the class names");
            }
        }
    }

    @Test
    void imagesAreWhole() throws IOException {
        ImageSet train = open(DatasetRequest.TRAIN);
        for (int i = 0; i < Math.min(train.size(), 50); i++) {
            RawImage image = train.image(i);
            assertTrue(image.channels() == 1 || image.channels() == 3, "image " + i + " is grey or RGB");
            assertEquals((long) image.channels() * image.height() * image.width(), image.pixels().length, "image " + i + " has every pixel");
        }
    }

    @Test
    void sameRequestGivesTheSameImagesInTheSameOrder() throws IOException {
        ImageSet a = open(DatasetRequest.TRAIN);
        ImageSet b = open(DatasetRequest.TRAIN);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < Math.min(a.size(), 50); i++) {
            assertEquals(a.label(i), b.label(i), "label of image " + i);
            assertArrayEquals(a.image(i).pixels(), b.image(i).pixels(), "pixels of image " + i);
        }
    }
}
