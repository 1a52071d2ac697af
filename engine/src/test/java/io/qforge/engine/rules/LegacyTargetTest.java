package io.qforge.engine.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qforge.api.TargetDevice;
import io.qforge.api.quant.TensorKind;
import io.qforge.engine.Engine;
import io.qforge.engine.config.ConfigLoader;
import io.qforge.engine.config.ValidatedConfig;
import io.qforge.engine.plugin.PluginJarBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A target written before {@code quantizationRules} existed, implementing only the deprecated
 * {@code constraints()}, still compiles and still adjusts specs: its name-based change is resolved
 * to the installed plugins, and the defaults come from the config's target_device.
 */
class LegacyTargetTest {

    @TempDir
    Path tmp;

    @Test
    void aTargetWithOnlyConstraintsStillAdjustsSpecs() throws Exception {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        new PluginJarBuilder(tmp).build(plugins.resolve("legacy.jar"), Map.of("com.acme.LegacyTarget",
                "package com.acme; import io.qforge.api.graph.Graph; import io.qforge.api.target.*; import java.nio.file.Path; import java.util.List;\n"
                        + "@SuppressWarnings(\"deprecation\") public final class LegacyTarget implements io.qforge.api.TargetDevice {\n"
                        + " public String name() { return \"legacy\"; }\n"
                        + " public QuantConstraints constraints(TargetOptions o) {\n"
                        + "  return s -> new ConstraintCheck(s.withRoundMode(\"half_even\"), s.roundMode().equals(\"half_even\") ? List.of()\n"
                        + "      : List.of(\"round_mode \" + s.roundMode() + \" -> half_even: the legacy chip rounds half to even\")); }\n"
                        + " public InspectionReport inspect(Graph g, TargetOptions o) { throw new UnsupportedOperationException(); }\n"
                        + " public CompiledArtifacts compile(QuantizedModel m, Path p, TargetOptions o) { throw new UnsupportedOperationException(); }\n"
                        + " public PerformanceEstimate estimate(Graph g, TargetOptions o) { throw new UnsupportedOperationException(); } }"),
                Map.of(TargetDevice.class.getName(), List.of("com.acme.LegacyTarget")));
        Path config = Files.writeString(tmp.resolve("run.json"), """
                {"backbone": {"type": "tiny-net"}, "dataset": {"type": "tiny-images"}, "target": {"type": "legacy"}, "quantization": {}}
                """);
        ValidatedConfig c = Engine.start(plugins).get(ConfigLoader.class).load(config);
        assertEquals("dpuczdx8g", c.quantization().defaultsFrom().name(), "no defaults of its own: Vitis AI's default target_device, DPU");
        assertEquals("std_round", c.quantization().spec(TensorKind.WEIGHTS).roundMode());
        assertTrue(c.quantization().adjustments().contains("$.quantization.overall_quantize_config: target legacy changes weights tensors' "
                + "round_mode std_round -> half_even: the legacy chip rounds half to even"), c.quantization().adjustments().toString());
    }
}
