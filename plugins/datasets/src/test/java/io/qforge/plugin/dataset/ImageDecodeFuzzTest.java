package io.qforge.plugin.dataset;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.qforge.api.InvalidInputException;
import io.qforge.testkit.ReaderContract;
import java.nio.file.Path;

/**
 * Any bytes as an image file of an image folder dataset: decoding gives 8-bit pixels or refuses
 * with an {@link InvalidInputException} for the user. Seeds: small PNG and BMP files and a PNG
 * header that claims 10^10 pixels.
 */
class ImageDecodeFuzzTest {

    private static final Path FILE = ReaderContract.scratchFile(".png");

    @FuzzTest(maxDuration = "10s")
    void decodesOrRefuses(byte[] bytes) {
        ReaderContract.write(FILE, bytes);
        try {
            ImageFolderDataset.decode(FILE);
        } catch (InvalidInputException e) {
            ReaderContract.assertUserMessage(e, FILE);
        }
    }
}
