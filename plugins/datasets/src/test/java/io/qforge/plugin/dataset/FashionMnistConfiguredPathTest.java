package io.qforge.plugin.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qforge.api.InvalidInputException;
import io.qforge.api.data.DatasetRequest;
import io.qforge.api.data.ImageSet;
import io.qforge.testkit.TestPluginContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A configured {@code path} is used or refused, never passed over for the system copy; bad labels are named. */
class FashionMnistConfiguredPathTest {

    private static final byte[] LABELS = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 0};

    @TempDir
    Path tmp;

    private ImageSet open(Path path) {
        return new FashionMnistDataset().open(new DatasetRequest(Map.of("path", path.toString()), DatasetRequest.TRAIN, 1, "$.dataset",
                TestPluginContext.offline(tmp.resolve("cache"))));
    }

    private String refusal(Path path) {
        String message = assertThrows(InvalidInputException.class, () -> open(path)).getMessage();
        assertFalse(message.contains("Exception"), "no Java class names: " + message);
        return message;
    }

    @Test
    void aConfiguredFolderWithTheFourFilesIsUsed() throws Exception {
        ImageSet s = open(IdxFixture.folder(tmp.resolve("mine"), LABELS));
        assertEquals(LABELS.length, s.size(), "the fixture's 12 images, not the system copy's 60,000");
    }

    @Test
    void plainFilesAreAcceptedAsWellAsGzipped() throws Exception {
        Path dir = IdxFixture.folder(tmp.resolve("mine"), LABELS);
        Files.delete(dir.resolve("train-labels-idx1-ubyte.gz"));
        IdxFixture.write(dir.resolve("train-labels-idx1-ubyte"), new int[] {LABELS.length}, LABELS);
        assertEquals(LABELS.length, open(dir).size());
    }

    @Test
    void aMissingFolderIsRefused() {
        Path missing = tmp.resolve("nowhere");
        String e = refusal(missing);
        assertTrue(e.startsWith("$.dataset.path: " + missing + " does not exist."), e);
        assertTrue(e.contains("train-images-idx3-ubyte(.gz)") && e.contains("leave it out to use /usr/share/datasets/fashion-mnist"), e);
    }

    @Test
    void anEmptyFolderIsRefused() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        String e = refusal(empty);
        assertTrue(e.startsWith("$.dataset.path: " + empty + " is empty. It must hold the four Fashion-MNIST files: train-images-idx3-ubyte(.gz), "), e);
    }

    @Test
    void aFileInsteadOfAFolderIsRefused() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        assertTrue(refusal(file).startsWith("$.dataset.path: " + file + " is a file, not a folder."));
    }

    @Test
    void eachMissingFileIsNamedWithTheNamesAccepted() throws Exception {
        for (String name : FashionMnistFiles.FILES.keySet()) {
            Path dir = IdxFixture.folder(tmp.resolve("without-" + name), LABELS);
            Files.delete(dir.resolve(name + ".gz"));
            String e = refusal(dir);
            assertTrue(e.startsWith("$.dataset.path: " + dir + " has no " + name + ". Accepted names: " + name + ".gz or " + name + ";"), e);
        }
    }

    @Test
    void aLabelOutsideZeroToNineNamesTheFileAndTheIndex() throws Exception {
        byte[] labels = LABELS.clone();
        labels[5] = (byte) 200;
        Path dir = IdxFixture.folder(tmp.resolve("bad-label"), labels);
        String e = refusal(dir);
        assertEquals(dir.resolve("train-labels-idx1-ubyte.gz") + ": has label 200 at index 5; Fashion-MNIST labels are 0 to 9", e);
    }
}
