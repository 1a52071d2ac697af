package io.qforge.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qforge.api.InvalidInputException;
import io.qforge.api.data.ImageSet;
import io.qforge.api.data.RawImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A dataset labelled by a model's classes: matched by name, in the model's order, among more. */
class DatasetSplitsTest {

    /** Two images of each of {@code classes}, labelled 0, 0, 1, 1, ... */
    private static ImageSet images(List<String> classes) {
        return new ImageSet() {
            @Override
            public List<String> classNames() {
                return classes;
            }

            @Override
            public int size() {
                return 2 * classes.size();
            }

            @Override
            public int label(int index) {
                return index / 2;
            }

            @Override
            public RawImage image(int index) {
                return new RawImage(1, 1, 1, new byte[] {(byte) index});
            }
        };
    }

    @Test
    void labelsFollowTheModelsClassesByName() {
        DatasetSplits data = new DatasetSplits(images(List.of("Bag", "Trouser")), images(List.of("Bag", "Trouser")));
        List<String> model = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
        DatasetSplits labelled = data.labelledAs(model, "the model");
        assertEquals(model, labelled.test().classNames());
        assertEquals(List.of(8, 8, 1, 1), List.of(labelled.test().label(0), labelled.test().label(1), labelled.test().label(2), labelled.test().label(3)));
        assertEquals(2, labelled.train().image(2).at(0, 0, 0), "the images themselves are the dataset's");
        assertSame(data, data.labelledAs(List.of("Bag", "Trouser"), "the model"), "the same classes in the same order change nothing");
    }

    @Test
    void aClassTheModelDoesNotPredictIsNamed() {
        DatasetSplits data = new DatasetSplits(images(List.of("Bag", "Sock")), images(List.of("Bag", "Sock")));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> data.labelledAs(List.of("Bag", "Coat"), "the checkpoint x"));
        assertEquals("$.dataset", e.location());
        assertTrue(e.detail().startsWith("has the classes [Sock], which the checkpoint x does not predict"), e.detail());
    }
}
