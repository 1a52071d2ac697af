package io.qforge.plugin.dataset;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.qforge.api.InvalidInputException;
import io.qforge.testkit.ReaderContract;
import java.nio.file.Path;

/**
 * Any bytes as an IDX file, plain or (when they start with gzip's magic bytes) gzipped: the reader
 * gives its dimensions and data or refuses with an {@link InvalidInputException} for the user.
 */
class IdxFuzzTest {

    private static final Path PLAIN = ReaderContract.scratchFile("-ubyte");
    private static final Path GZIPPED = ReaderContract.scratchFile("-ubyte.gz");

    @FuzzTest(maxDuration = "10s")
    void readsOrRefuses(byte[] bytes) {
        boolean gzip = bytes.length >= 2 && bytes[0] == (byte) 0x1f && bytes[1] == (byte) 0x8b;
        Path file = gzip ? GZIPPED : PLAIN;
        ReaderContract.write(file, bytes);
        try {
            IdxFile.read(file);
        } catch (InvalidInputException e) {
            ReaderContract.assertUserMessage(e, file);
        }
    }
}
