package io.qforge.engine.config;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.qforge.engine.Engine;
import io.qforge.testkit.ReaderContract;
import java.nio.file.Path;

/**
 * Any bytes as a Vitis AI quantize config (int8_config.json): the loader returns a validated config or refuses it with a {@link
 * ConfigException} for the user. Seeds: examples/int8_config.json and cpu_int8_config.json.
 */
class VitisConfigFuzzTest {

    private static final ConfigLoader LOADER = Engine.start(null).get(ConfigLoader.class);
    private static final Path FILE = ReaderContract.scratchFile(".json");

    @FuzzTest(maxDuration = "10s")
    void loadsOrRefuses(byte[] bytes) {
        ReaderContract.write(FILE, bytes);
        try {
            LOADER.load(FILE);
        } catch (ConfigException e) {
            ReaderContract.assertUserMessage(e, FILE);
        }
    }
}
