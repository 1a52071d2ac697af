package io.qforge.target.dpuczdx8g;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.qforge.api.Calibrator;
import io.qforge.api.InvalidInputException;
import io.qforge.api.RoundMode;
import io.qforge.api.ScaleType;
import io.qforge.api.context.PluginCatalog;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.quant.ResolvedSpec;
import io.qforge.api.quant.TensorKind;
import io.qforge.api.rules.QuantizationRules;
import io.qforge.api.rules.SettingChange;
import io.qforge.api.rules.SpecAdjustment;
import io.qforge.api.target.CompiledArtifacts;
import io.qforge.api.target.QuantizedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Dpuczdx8gTargetTest {

    @TempDir
    Path tmp;

    private final Dpuczdx8gTarget target = new Dpuczdx8gTarget();

    private CompiledArtifacts compile(QuantizedModel model, String dir, Map<String, Object> options) throws Exception {
        return target.compile(model, tmp.resolve(dir), TestOptions.of(options));
    }

    @Test
    void compileWritesEveryArtifact() throws Exception {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            CompiledArtifacts a = compile(SmallNetFixture.model(manager), "kv260", Map.of("preset", "KV260"));
            List<String> names = a.files().stream().map(f -> tmp.resolve("kv260").relativize(f).toString()).toList();
            assertEquals(List.of("arch.json", "compile.sh", "deploy/labels.txt", "deploy/run_on_board.py", "meta.json", "smallnet_int.xmodel"), names);
            assertEquals("{\"fingerprint\": \"0x101000056010407\"}\n", Files.readString(tmp.resolve("kv260/arch.json")));
            assertTrue(Files.readString(tmp.resolve("kv260/meta.json")).contains("\"input_fix_pos\": 6"));
            assertTrue(Files.readString(tmp.resolve("kv260/compile.sh")).contains("vai_c_xir --xmodel smallnet_int.xmodel --arch arch.json"));
            assertTrue(a.messages().get(1).startsWith("vai_c_xir is not on the PATH"), a.messages().toString());
            try (Stream<Path> s = Files.list(tmp)) {
                assertEquals(List.of(tmp.resolve("kv260")), s.toList(), "no staging folder left behind");
            }
        }
    }

    @Test
    void switchingKv260ToZcu102ChangesOnlyTheClockTheCoresAndTheEstimate() throws Exception {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            QuantizedModel model = SmallNetFixture.model(manager);
            compile(model, "kv260", Map.of("preset", "KV260"));
            compile(model, "zcu102", Map.of("preset", "ZCU102"));
            for (String same : List.of("smallnet_int.xmodel", "arch.json", "deploy/labels.txt", "deploy/run_on_board.py")) {
                assertArrayEquals(Files.readAllBytes(tmp.resolve("kv260").resolve(same)), Files.readAllBytes(tmp.resolve("zcu102").resolve(same)), same);
            }
            // Both boards carry the same B4096 for Vitis AI 3.x, so they share the fingerprint (one compiled model serves both).
            for (String described : List.of("meta.json", "compile.sh")) {
                List<String> a = Files.readAllLines(tmp.resolve("kv260").resolve(described));
                List<String> b = Files.readAllLines(tmp.resolve("zcu102").resolve(described));
                for (int i = 0; i < a.size(); i++) {
                    if (!a.get(i).equals(b.get(i))) {
                        assertTrue(a.get(i).contains("KV260: 1 x B4096 @ 300 MHz") && b.get(i).contains("ZCU102: 3 x B4096 @ 281 MHz"), a.get(i));
                    }
                }
            }
            var kv = target.estimate(model.graph(), TestOptions.of(Map.of("preset", "KV260")));
            var zcu = target.estimate(model.graph(), TestOptions.of(Map.of("preset", "ZCU102")));
            assertNotEquals(kv.framesPerSecond(), zcu.framesPerSecond());
        }
    }

    @Test
    void vitisAi25SelectsItsFingerprintAndUnknownSizesAreRefused() throws Exception {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            QuantizedModel model = SmallNetFixture.model(manager);
            compile(model, "v25", Map.of("vitis_ai_version", "2.5"));
            assertEquals("{\"fingerprint\": \"0x101000016010407\"}\n", Files.readString(tmp.resolve("v25/arch.json")));
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> compile(model, "b1024", Map.of("size", "B1024")));
            assertTrue(e.getMessage().startsWith("$.target.size: qforge knows the arch.json fingerprint of the B4096 only"), e.getMessage());
            assertTrue(!Files.exists(tmp.resolve("b1024")));
        }
        InvalidInputException preset = assertThrows(InvalidInputException.class, () -> DpuConfiguration.from(TestOptions.of(Map.of("preset", "U50"))));
        assertEquals("$.target.preset: 'U50' is not a DPUCZDX8G preset. Allowed: [KV260, ZCU102, ZCU104]", preset.getMessage());
        InvalidInputException key = assertThrows(InvalidInputException.class, () -> DpuConfiguration.from(TestOptions.of(Map.of("clock", 300))));
        assertEquals("$.target.clock: unknown option 'clock'. Allowed: type, preset, size, strict, vitis_ai_version", key.getMessage());
    }

    @Test
    void shifterLimitsAreCheckedBeforeExport() throws Exception {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            QuantizedModel model = SmallNetFixture.model(manager);
            Map<String, QuantParams> params = new HashMap<>(model.quantParams());
            params.put("relu", QuantParams.fixPosition(15, -128, 127));
            QuantizedModel broken = new QuantizedModel(model.graph(), model.parameters(), model.floatParameters(), model.specs(), params, model.classNames(),
                    model.preprocessing());
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> compile(broken, "broken", Map.of()));
            assertTrue(e.getMessage().contains("conv1: shift_cut -2 outside [0, 16]"), e.getMessage());
            assertTrue(!Files.exists(tmp.resolve("broken")));
        }
    }

    @Test
    void rulesKeepARoundModeWhoseXirNameIsTheHardwaresAndListEveryOtherChange() {
        QuantizationRules rules = target.quantizationRules(TestOptions.of(Map.of()));
        ResolvedSpec cpu = SmallNetFixture.spec(TensorKind.WEIGHTS);
        PluginCatalog plugins = TestOptions.CONTEXT.plugins();
        cpu = cpu.withScaleType(plugins.find(ScaleType.class, "float").orElseThrow()).withRoundMode(plugins.find(RoundMode.class, "half_even").orElseThrow())
                .withCalibrator(plugins.find(Calibrator.class, "entropy").orElseThrow());
        cpu = cpu.withSpec(cpu.spec().withPerChannel(true).withStatisticMethod("max"));
        SpecAdjustment a = rules.adjust(cpu);
        assertEquals(List.of("per_channel true -> false: the DPU quantizes per tensor",
                "calib_statistic_method max -> modal: per-batch fix positions combine by their mode",
                "scale_type float -> power_of_two: the DPU shifts by powers of two",
                "method entropy -> diffs: power-of-two scales are calibrated by diffs or maxmin",
                "round_mode half_even -> std_round: the DPU rounds weights tensors with XIR's STD_ROUND"),
                a.changes().stream().map(SettingChange::describe).toList());
        assertEquals("power_of_two", a.accepted().scaleType().name());
        assertEquals(List.of(), rules.adjust(a.accepted()).changes(), "the adjusted spec is accepted as it is");

        ResolvedSpec activation = SmallNetFixture.spec(TensorKind.ACTIVATION);
        assertEquals(List.of(), rules.adjust(activation).changes(), "half_up is XIR's DPU_ROUND, the activations' rounding");
        SettingChange std = rules.adjust(activation.withRoundMode(plugins.find(RoundMode.class, "std_round").orElseThrow())).changes().get(0);
        assertEquals("round modes whose XIR name is DPU_ROUND: half_up", std.allowed());
        assertEquals("half_up", std.to());
    }
}
