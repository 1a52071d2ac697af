package io.qforge.target.dpuczdx8g;

import io.qforge.api.target.TargetOptions;
import io.qforge.testkit.TestPluginContext;
import java.nio.file.Path;
import java.util.Map;

/** Target options as a config gives them, with the testkit's offline context (the built-in plugins on the class path, no PATH). */
final class TestOptions {

    static final TestPluginContext CONTEXT = TestPluginContext.offline(Path.of(System.getProperty("java.io.tmpdir"), "qforge-dpu-test-cache"));

    private TestOptions() {}

    static TargetOptions of(Map<String, Object> values) {
        return new TargetOptions(values, CONTEXT);
    }
}
