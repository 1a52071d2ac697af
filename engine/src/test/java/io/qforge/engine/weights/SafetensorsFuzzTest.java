package io.qforge.engine.weights;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.qforge.testkit.ReaderContract;
import java.nio.file.Path;

/**
 * Any bytes as a safetensors file: the reader opens it and loads every float tensor, or refuses it
 * with a {@link WeightFileException} for the user. Seeds: SafetensorsFuzzTestInputs/readsOrRefuses.
 */
class SafetensorsFuzzTest {

    private static final Path FILE = ReaderContract.scratchFile(".safetensors");

    @FuzzTest(maxDuration = "10s")
    void readsOrRefuses(byte[] bytes) {
        ReaderContract.write(FILE, bytes);
        try {
            SafetensorsFile st = SafetensorsFile.open(FILE);
            for (TensorEntry t : st.entries().values()) {
                if (t.dtype().equals("F32") || t.dtype().equals("F16") || t.dtype().equals("BF16")) {
                    st.floats(t);
                }
            }
        } catch (WeightFileException e) {
            ReaderContract.assertUserMessage(e, FILE);
        }
    }
}
