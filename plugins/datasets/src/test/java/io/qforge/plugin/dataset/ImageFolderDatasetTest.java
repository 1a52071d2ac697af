package io.qforge.plugin.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qforge.api.InvalidInputException;
import io.qforge.api.data.DatasetRequest;
import io.qforge.api.data.ImageSet;
import io.qforge.api.data.RawImage;
import io.qforge.testkit.TestPluginContext;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderDatasetTest {

    private final ImageFolderDataset dataset = new ImageFolderDataset();

    @TempDir
    Path tmp;

    /** Writes {@code n} images of one colour per class, alternating PNG and JPEG. */
    private Path folder(String name, List<String> classes, int n) throws Exception {
        Path root = tmp.resolve(name);
        for (int c = 0; c < classes.size(); c++) {
            Path dir = Files.createDirectories(root.resolve(classes.get(c)));
            for (int i = 0; i < n; i++) {
                BufferedImage img = new BufferedImage(6, 4, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 4; y++) {
                    for (int x = 0; x < 6; x++) {
                        img.setRGB(x, y, (c * 40) << 16 | (i * 10) << 8 | 200);
                    }
                }
                String format = i % 2 == 0 ? "png" : "jpg";
                ImageIO.write(img, format, dir.resolve("img" + i + "." + format).toFile());
            }
        }
        return root;
    }

    private ImageSet open(Map<String, Object> options, String split) {
        return dataset.open(new DatasetRequest(options, split, 3, "$.dataset", TestPluginContext.offline(tmp.resolve("cache"))));
    }

    @Test
    void classesAreSortedFolderNamesAndImagesDecode() throws Exception {
        Path root = folder("train", List.of("zebra", "ant", "mole"), 5);
        ImageSet train = open(Map.of("path", root.toString(), "test_fraction", 0.4), DatasetRequest.TRAIN);
        assertEquals(List.of("ant", "mole", "zebra"), train.classNames());
        assertEquals(9, train.size());
        RawImage img = train.image(0);
        assertEquals(3, img.channels());
        assertEquals(4, img.height());
        assertEquals(6, img.width());
        ImageSet test = open(Map.of("path", root.toString(), "test_fraction", 0.4), DatasetRequest.TEST);
        assertEquals(6, test.size());
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < train.size(); i++) {
            seen.add(java.util.Arrays.hashCode(train.image(i).pixels()));
        }
        for (int i = 0; i < test.size(); i++) {
            assertTrue(!seen.contains(java.util.Arrays.hashCode(test.image(i).pixels())), "train and test do not overlap");
        }
    }

    @Test
    void separateTestFolderMustHaveTheSameClasses() throws Exception {
        Path train = folder("train", List.of("a", "b"), 2);
        Path test = folder("test", List.of("a", "c"), 1);
        String e = assertThrows(InvalidInputException.class,
                () -> open(Map.of("path", train.toString(), "test_path", test.toString()), DatasetRequest.TEST)).getMessage();
        assertTrue(e.startsWith("$.dataset.test_path: has the classes [a, c], but the training folder has [a, b]"), e);
    }

    @Test
    void nonImageFilesAreSkippedAndListedOrFail() throws Exception {
        Path root = folder("train", List.of("a", "b"), 3);
        Path junk = Files.writeString(root.resolve("a/notes.txt"), "not an image");
        ImageSet s = open(Map.of("path", root.toString()), DatasetRequest.TRAIN);
        assertEquals(List.of(junk + ": not a JPEG or PNG image"), s.skipped());
        String e = assertThrows(InvalidInputException.class,
                () -> open(Map.of("path", root.toString(), "on_bad_file", "fail"), DatasetRequest.TRAIN)).getMessage();
        assertTrue(e.startsWith(junk + ": is not a JPEG or PNG image"), e);
    }

    /** Images whose header reads but whose data does not: in skip mode (the default) left out and listed, in fail mode named when read. */
    @Test
    void damagedImagesAreSkippedBeforeTrainingOrNamedInFailMode() throws Exception {
        Path root = folder("train", List.of("a", "b"), 3);
        byte[] jpeg = Files.readAllBytes(root.resolve("a/img1.jpg"));
        for (int i = jpeg.length / 3; i < jpeg.length - 2; i++) {
            jpeg[i] = (byte) 0xff;
        }
        Path corrupt = Files.write(root.resolve("a/corrupt.jpg"), jpeg);
        byte[] png = Files.readAllBytes(root.resolve("b/img0.png"));
        Path truncated = Files.write(root.resolve("b/truncated.png"), Arrays.copyOf(png, png.length / 2));
        byte[] huge = Arrays.copyOf(png, png.length);
        // IHDR's width and height (bytes 16..23) claim 100000 x 100000 pixels; the CRC no longer matches either.
        for (int at : new int[] {16, 20}) {
            huge[at] = 0;
            huge[at + 1] = 1;
            huge[at + 2] = (byte) 0x86;
            huge[at + 3] = (byte) 0xa0;
        }
        Path hugePng = Files.write(root.resolve("b/huge.png"), huge);
        Map<String, Object> options = Map.of("path", root.toString(), "test_fraction", 0.5);
        ImageSet train = open(options, DatasetRequest.TRAIN);
        ImageSet test = open(options, DatasetRequest.TEST);
        assertEquals(6, train.size() + test.size(), "the six whole images, none of the damaged ones");
        for (ImageSet split : List.of(train, test)) {
            for (int i = 0; i < split.size(); i++) {
                assertEquals(4, split.image(i).height(), "every image left in decodes");
            }
        }
        List<String> skipped = train.skipped();
        assertEquals(3, skipped.size(), skipped.toString());
        for (Path bad : List.of(corrupt, truncated, hugePng)) {
            assertTrue(skipped.stream().anyMatch(line -> line.startsWith(bad + ": ")), bad + " in " + skipped);
        }
        assertTrue(skipped.stream().anyMatch(line -> line.startsWith(hugePng + ": ") && line.contains("pixels")), skipped.toString());
        ImageSet failing = open(Map.of("path", root.toString(), "on_bad_file", "fail", "test_fraction", 0.5), DatasetRequest.TRAIN);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> {
            for (int i = 0; i < failing.size(); i++) {
                failing.image(i);
            }
        });
        assertTrue(e.getMessage().contains("corrupt.jpg") || e.getMessage().contains("truncated.png") || e.getMessage().contains("huge.png"),
                e.getMessage());
    }

    @Test
    void emptyClassFolderIsAnError() throws Exception {
        Path root = folder("train", List.of("a"), 2);
        Files.createDirectories(root.resolve("empty"));
        String e = assertThrows(InvalidInputException.class, () -> open(Map.of("path", root.toString()), DatasetRequest.TRAIN)).getMessage();
        assertTrue(e.contains("class folder " + root.resolve("empty") + " has no images"), e);
    }

    @Test
    void missingFolderIsNamed() {
        String e = assertThrows(InvalidInputException.class,
                () -> open(Map.of("path", tmp.resolve("nope").toString()), DatasetRequest.TRAIN)).getMessage();
        assertTrue(e.startsWith("$.dataset.path: no folder at " + tmp.resolve("nope")), e);
    }

    @Test
    void grayscalePngStaysOneChannel() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("g/only"));
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSample(1, 1, 0, 77);
        ImageIO.write(img, "png", dir.resolve("x.png").toFile());
        RawImage raw = ImageFolderDataset.decode(dir.resolve("x.png"));
        assertEquals(1, raw.channels());
        assertEquals(77, raw.at(1, 1, 0));
    }
}
