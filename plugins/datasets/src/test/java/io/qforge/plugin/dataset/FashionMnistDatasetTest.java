package io.qforge.plugin.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qforge.api.InvalidInputException;
import io.qforge.api.data.DatasetRequest;
import io.qforge.api.data.ImageSet;
import io.qforge.api.data.RawImage;
import io.qforge.testkit.TestPluginContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On the real dataset, from Debian's dataset-fashion-mnist (installed by scripts/install-prerequisites.sh). */
class FashionMnistDatasetTest {

    private final FashionMnistDataset dataset = new FashionMnistDataset();

    @TempDir
    Path tmp;

    private ImageSet open(Map<String, Object> options, String split, long seed) {
        return dataset.open(new DatasetRequest(options, split, seed, "$.dataset", TestPluginContext.offline(tmp.resolve("cache"))));
    }

    @Test
    void fullSplitsHaveTheirSizes() {
        assertEquals(60_000, open(Map.of(), DatasetRequest.TRAIN, 1).size());
        ImageSet test = open(Map.of(), DatasetRequest.TEST, 1);
        assertEquals(10_000, test.size());
        RawImage img = test.image(0);
        assertEquals(1, img.channels());
        assertEquals(28, img.height());
        assertEquals(FashionMnistDataset.CLASS_NAMES, test.classNames());
    }

    @Test
    void classSubsetIsRelabelledWithItsNamesKept() {
        ImageSet s = open(Map.of("classes", "5-9", "samples_per_class", 100), DatasetRequest.TRAIN, 42);
        assertEquals(List.of("Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"), s.classNames());
        assertEquals(500, s.size());
        int[] counts = new int[5];
        for (int i = 0; i < s.size(); i++) {
            counts[s.label(i)]++;
        }
        assertEquals(List.of(100, 100, 100, 100, 100), java.util.Arrays.stream(counts).boxed().toList());
        // The test split is whole: 1,000 images per class.
        assertEquals(5000, open(Map.of("classes", List.of(5, 6, 7, 8, 9), "samples_per_class", 100), DatasetRequest.TEST, 42).size());
    }

    @Test
    void aTestSubsetKeepsItsCountPerClassAndFollowsTheSeed() {
        Map<String, Object> options = Map.of("classes", "5-9", "samples_per_class", 10, "test_samples_per_class", 30);
        ImageSet test = open(options, DatasetRequest.TEST, 42);
        int[] counts = new int[5];
        for (int i = 0; i < test.size(); i++) {
            counts[test.label(i)]++;
        }
        assertEquals(List.of(30, 30, 30, 30, 30), java.util.Arrays.stream(counts).boxed().toList());
        assertEquals(50, open(options, DatasetRequest.TRAIN, 42).size(), "the training split keeps its own count");
        assertEquals(fingerprint(test), fingerprint(open(options, DatasetRequest.TEST, 42)));
        assertNotEquals(fingerprint(test), fingerprint(open(options, DatasetRequest.TEST, 43)));
        assertTrue(assertThrows(InvalidInputException.class, () -> open(Map.of("test_samples_per_class", -1), DatasetRequest.TEST, 1))
                .getMessage().startsWith("$.dataset.test_samples_per_class: -1 is not a count"));
    }

    @Test
    void namesSelectClassesInTheOrderWritten() {
        ImageSet s = open(Map.of("classes", List.of("Bag", "Sandal")), DatasetRequest.TEST, 1);
        assertEquals(List.of("Bag", "Sandal"), s.classNames());
        assertEquals(2000, s.size());
    }

    @Test
    void sameSeedSameSamplesOtherSeedOthers() {
        Map<String, Object> options = Map.of("classes", "0-4", "samples_per_class", 10);
        assertEquals(fingerprint(open(options, DatasetRequest.TRAIN, 7)), fingerprint(open(options, DatasetRequest.TRAIN, 7)));
        assertNotEquals(fingerprint(open(options, DatasetRequest.TRAIN, 7)), fingerprint(open(options, DatasetRequest.TRAIN, 8)));
    }

    private static List<Integer> fingerprint(ImageSet s) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            out.add(java.util.Arrays.hashCode(s.image(i).pixels()) * 31 + s.label(i));
        }
        return out;
    }

    @Test
    void badOptionsNameTheirPath() {
        assertEquals("$.dataset.classes: has 12, which is not a class. Allowed: 0 to 9, or one of " + FashionMnistDataset.CLASS_NAMES,
                assertThrows(InvalidInputException.class, () -> open(Map.of("classes", List.of(12)), DatasetRequest.TRAIN, 1)).getMessage());
        assertTrue(assertThrows(InvalidInputException.class, () -> open(Map.of("samples_per_class", 0), DatasetRequest.TRAIN, 1))
                .getMessage().startsWith("$.dataset.samples_per_class: 0 is not a count"));
        assertTrue(assertThrows(InvalidInputException.class, () -> open(Map.of("clases", "0-4"), DatasetRequest.TRAIN, 1))
                .getMessage().startsWith("$.dataset.clases: unknown option 'clases'. Allowed: type, classes, path, samples_per_class"));
    }

    @Test
    void missingDatasetSaysWhereItLookedAndHowToGetIt() {
        FashionMnistFiles files = new FashionMnistFiles(
                List.of(new FashionMnistFiles.Candidate(tmp.resolve("mine"), "the data folder")), tmp.toUri(),
                TestPluginContext.offline(tmp.resolve("cache")));
        String e = assertThrows(InvalidInputException.class, () -> files.locate("$.dataset")).getMessage();
        assertTrue(e.startsWith("$.dataset: Fashion-MNIST was not found."), e);
        assertTrue(e.contains(tmp.resolve("mine") + " (the data folder)"), e);
        assertTrue(e.contains("apt-get install dataset-fashion-mnist"), e);
    }

    @Test
    void downloadChecksTheContentThenCaches() throws Exception {
        // A mirror made of files on this machine: the Debian copy. Nothing goes to the internet.
        Path cache = tmp.resolve("cache");
        FashionMnistFiles files = new FashionMnistFiles(List.of(), FashionMnistFiles.DEBIAN.toUri(), online(cache));
        assertEquals(cache.resolve(FashionMnistFiles.CACHE_FOLDER), files.locate("$.dataset"));
        assertEquals(4, Files.list(cache.resolve(FashionMnistFiles.CACHE_FOLDER)).count());
    }

    @Test
    void downloadOfWrongContentKeepsNothing() throws Exception {
        Path mirror = Files.createDirectories(tmp.resolve("mirror"));
        for (String name : FashionMnistFiles.FILES.keySet()) {
            try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(mirror.resolve(name + ".gz")))) {
                out.write(new byte[] {0, 0, 8, 1, 0, 0, 0, 0});
            }
        }
        Path cache = tmp.resolve("cache");
        FashionMnistFiles files = new FashionMnistFiles(List.of(), mirror.toUri(), online(cache));
        String e = assertThrows(InvalidInputException.class, () -> files.locate("$.dataset")).getMessage();
        assertTrue(e.contains("was downloaded but has SHA-256"), e);
        assertFalse(Files.list(cache.resolve(FashionMnistFiles.CACHE_FOLDER)).findAny().isPresent(), "nothing kept");
    }

    /** A context that may fetch, from the file: mirrors these tests make. */
    private static TestPluginContext online(Path cache) {
        return new TestPluginContext(cache, false, Optional.empty());
    }

    @Test
    void truncatedIdxFileIsNamed() throws Exception {
        Path f = tmp.resolve("train-images-idx3-ubyte");
        Files.write(f, new byte[] {0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 28, 0, 0, 0, 28, 1, 2, 3});
        assertEquals(f + ": ends after 3 of the 1568 data bytes its header declares [2, 28, 28]. The file is truncated",
                assertThrows(InvalidInputException.class, () -> IdxFile.read(f)).getMessage());
        Files.write(f, new byte[] {1, 2, 3, 4, 5});
        assertTrue(assertThrows(InvalidInputException.class, () -> IdxFile.read(f)).getMessage().contains("not the magic number"));
    }
}
