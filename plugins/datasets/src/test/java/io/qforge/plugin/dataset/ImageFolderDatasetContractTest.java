package io.qforge.plugin.dataset;

import io.qforge.api.Dataset;
import io.qforge.testkit.DatasetContract;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.io.TempDir;

/** {@code image-folder} meets the dataset contract of the plugin testkit, on folders this test writes. */
class ImageFolderDatasetContractTest extends DatasetContract {

    @TempDir
    Path tmp;

    @Override
    protected Dataset dataset() {
        return new ImageFolderDataset();
    }

    @Override
    protected Map<String, Object> options() {
        try {
            write(tmp.resolve("train"), 4);
            write(tmp.resolve("test"), 2);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("path", tmp.resolve("train").toString(), "test_path", tmp.resolve("test").toString());
    }

    private static void write(Path root, int perClass) throws IOException {
        for (String c : new String[] {"cat", "dog", "fox"}) {
            Path dir = Files.createDirectories(root.resolve(c));
            for (int i = 0; i < perClass; i++) {
                BufferedImage img = new BufferedImage(8, 6, BufferedImage.TYPE_INT_RGB);
                img.setRGB(i % 8, 0, c.hashCode() & 0xffffff);
                ImageIO.write(img, "png", dir.resolve(i + ".png").toFile());
            }
        }
    }
}
