package io.qforge.target.dpuczdx8g.xir;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.qforge.api.InvalidInputException;
import io.qforge.testkit.ReaderContract;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Any bytes as an .xmodel: the reader gives its ops, return ops and DPU fingerprints, or refuses
 * with an {@link InvalidInputException} for the user. Seed: a two-op graph with a DPU subgraph.
 */
class XmodelFuzzTest {

    private static final Path FILE = ReaderContract.scratchFile(".xmodel");

    @FuzzTest(maxDuration = "10s")
    void readsOrRefuses(byte[] bytes) throws IOException {
        ReaderContract.write(FILE, bytes);
        try {
            XmodelReader.read(FILE);
        } catch (InvalidInputException e) {
            ReaderContract.assertUserMessage(e, FILE);
        }
    }
}
