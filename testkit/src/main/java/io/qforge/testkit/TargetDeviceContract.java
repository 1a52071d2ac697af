package io.qforge.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.qforge.api.Backbone;
import io.qforge.api.RoundMode;
import io.qforge.api.ScaleType;
import io.qforge.api.TargetDevice;
import io.qforge.api.backbone.BackboneSpec;
import io.qforge.api.context.PluginCatalog;
import io.qforge.api.graph.Graph;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.quant.QuantSpec;
import io.qforge.api.quant.ResolvedSpec;
import io.qforge.api.quant.TensorKind;
import io.qforge.api.rules.AdjustedParams;
import io.qforge.api.rules.ConfigSettings;
import io.qforge.api.rules.ParamsAdjustment;
import io.qforge.api.rules.QuantizationRules;
import io.qforge.api.rules.SettingChange;
import io.qforge.api.rules.SpecAdjustment;
import io.qforge.api.rules.TensorSettings;
import io.qforge.api.target.CompiledArtifacts;
import io.qforge.api.target.InspectionReport;
import io.qforge.api.target.IntegerModel;
import io.qforge.api.target.NodePlacement;
import io.qforge.api.target.PerformanceEstimate;
import io.qforge.api.target.QuantizedModel;
import io.qforge.api.target.TargetOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract of a {@link TargetDevice}:
 *
 * <ul>
 *   <li>the inspection places every node once, in graph order, and gives a reason and a fix for every
 *       node it sends off the accelerator; the speed estimate is a positive, finite number on the
 *       default options and on every preset (on the built-in {@code resnet18} at 32x32 unless
 *       {@link #graph()} is overridden);
 *   <li>its quantization rules: Vitis AI target_device values only; defaults for every kind that name
 *       installed plugins and pass the target's own config rules and adjustment unchanged; an
 *       adjustment that explains each change and is idempotent on specs built from every installed
 *       round mode and scale type;
 *   <li>compiling: a small network quantized under the target's own rules (its defaults, its
 *       adjustment, the real calibrators, its params passes) compiles into the folder asked for and
 *       nowhere else, the same bytes twice; its params passes are idempotent; its integer model, when it
 *       has one, gives finite logits of the right shape and values on each tensor's integer grid.
 * </ul>
 */
public abstract class TargetDeviceContract extends NDManagerPerClass {

    @TempDir
    Path tmp;

    protected abstract TargetDevice target();

    /** The target's options for the checks, as the config's {@code target} object gives them without {@code type}. */
    protected Map<String, Object> options() {
        return Map.of();
    }

    protected Graph graph() {
        return Plugins.find(Backbone.class, "resnet18").build(new BackboneSpec(10, 3, 32, 32));
    }

    private TargetOptions targetOptions(Map<String, Object> values) {
        return new TargetOptions(values, TestPluginContext.offline(tmp.resolve("cache")));
    }

    private QuantizationRules rules() {
        return target().quantizationRules(targetOptions(options()));
    }

    @Test
    void nameIsAConfigWord() {
        PluginNames.check(target());
    }

    @Test
    void inspectionPlacesEveryNodeOnceAndExplainsEachOffload() {
        Graph graph = graph();
        InspectionReport report = target().inspect(graph, targetOptions(options()));
        assertEquals(graph.nodes().size(), report.placements().size(), "one placement per node");
        for (int i = 0; i < graph.nodes().size(); i++) {
            NodePlacement p = report.placements().get(i);
            assertEquals(graph.nodes().get(i).name(), p.nodeName(), "placements follow graph order");
            assertFalse(p.device() == null || p.device().isEmpty(), p.nodeName() + " names its device");
            if (!p.reason().isEmpty()) {
                assertFalse(p.fix().isEmpty(), p.nodeName() + " leaves the accelerator (" + p.reason() + ") and needs a fix to suggest");
            }
        }
        assertTrue(report.subgraphs() >= 1, "at least one subgraph");
        assertFalse(report.summary().isBlank(), "a summary line");
    }

    @Test
    void estimateIsPositiveOnTheDefaultsAndOnEveryPreset() {
        Graph graph = graph();
        check(target().estimate(graph, targetOptions(options())));
        for (String preset : target().presets()) {
            Map<String, Object> withPreset = new HashMap<>(options());
            withPreset.put("preset", preset);
            check(target().estimate(graph, targetOptions(withPreset)));
        }
    }

    private static void check(PerformanceEstimate e) {
        assertTrue(e.framesPerSecond() > 0 && Double.isFinite(e.framesPerSecond()), e.configuration() + ": frames per second " + e.framesPerSecond());
        assertTrue(e.latencyMillis() > 0 && Double.isFinite(e.latencyMillis()), e.configuration() + ": latency " + e.latencyMillis());
        assertFalse(e.basis().isBlank(), e.configuration() + ": say how the estimate was made");
    }

    @Test
    void claimsOnlyVitisAiTargetDevices() {
        for (String device : target().vitisTargetDevices()) {
            assertTrue(TargetDevice.VITIS_DEVICES.contains(device), "target_device '" + device + "' is not one of " + TargetDevice.VITIS_DEVICES);
        }
    }

    @Test
    void defaultsNameInstalledPluginsAndPassTheTargetsOwnRules() {
        QuantizationRules rules = rules();
        PluginCatalog plugins = targetOptions(options()).context().plugins();
        Map<TensorKind, TensorSettings> settings = new EnumMap<>(TensorKind.class);
        for (TensorKind kind : TensorKind.values()) {
            QuantSpec spec = ContractModel.defaults(rules, target(), kind);
            assertEquals(kind, spec.kind(), "defaults(" + kind + ") is a spec of that kind");
            SpecAdjustment adjusted = rules.adjust(ContractModel.resolve(spec, plugins));
            assertEquals(List.of(), adjusted.changes(), "the target adjusts its own defaults for " + kind.configName() + " tensors");
            settings.put(kind, new TensorSettings(spec, "int", "$.quantization.tensor_quantize_config." + kind.configName(), Map.of()));
        }
        List<String> problems = new ArrayList<>();
        rules.check(new ConfigSettings("$.quantization", settings, List.of(TensorKind.values())), (path, kind, message) -> problems.add(path + ": " + message));
        assertEquals(List.of(), problems, "a config that sets nothing, so that every setting is the target's default, breaks none of its rules");
    }

    @Test
    void adjustmentExplainsEveryChangeAndIsIdempotent() {
        QuantizationRules rules = rules();
        PluginCatalog plugins = targetOptions(options()).context().plugins();
        for (TensorKind kind : TensorKind.values()) {
            ResolvedSpec base = ContractModel.resolve(ContractModel.defaults(rules, target(), kind), plugins);
            for (RoundMode round : plugins.all(RoundMode.class)) {
                for (ScaleType scale : plugins.all(ScaleType.class)) {
                    for (boolean variant : new boolean[] {false, true}) {
                        QuantSpec s = base.spec();
                        ResolvedSpec probe = base.withRoundMode(round).withScaleType(scale)
                                .withSpec(s.withRoundMode(round.name()).withScaleType(scale.name()).withPerChannel(variant)
                                        .withSymmetric(!variant).withBitWidth(variant ? 16 : s.bitWidth()));
                        SpecAdjustment once = rules.adjust(probe);
                        for (SettingChange c : once.changes()) {
                            assertTrue(c.setting() != null && !c.why().isBlank() && !c.allowed().isBlank(),
                                    "each change names its setting, says why and what is allowed: " + c);
                        }
                        assertEquals(List.of(), rules.adjust(once.accepted()).changes(), "adjusting " + probe.spec() + " twice changes it again");
                    }
                }
            }
        }
    }

    @Test
    void compilesASmallNetworkQuantizedUnderItsOwnRulesTheSameTwice() throws IOException {
        TargetOptions options = targetOptions(options());
        QuantizedModel model = ContractModel.quantize(target(), options, manager());
        Path work = Files.createDirectories(tmp.resolve("work"));
        CompiledArtifacts first = target().compile(model, work.resolve("first"), options);
        CompiledArtifacts second = target().compile(model, work.resolve("second"), options);
        assertFalse(first.files().isEmpty(), "compiling writes something");
        try (Stream<Path> left = Files.list(work)) {
            assertEquals(List.of("first", "second"), left.map(p -> p.getFileName().toString()).sorted().toList(),
                    "compiling writes into the folder asked for and leaves nothing beside it");
        }
        assertEquals(relative(work.resolve("first"), first.files()), relative(work.resolve("second"), second.files()), "the same files");
        for (Path f : first.files()) {
            assertTrue(f.startsWith(work.resolve("first")) && Files.isRegularFile(f), f + " is a file in the output folder");
            Path twin = work.resolve("second").resolve(work.resolve("first").relativize(f));
            assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(twin), f.getFileName() + " has the same bytes from the same model");
        }
    }

    private static List<String> relative(Path dir, List<Path> files) {
        return files.stream().map(f -> dir.relativize(f).toString()).sorted().toList();
    }

    @Test
    void paramsPassesAreNamedAndIdempotent() {
        TargetOptions options = targetOptions(options());
        QuantizedModel model = ContractModel.quantize(target(), options, manager());
        for (ParamsAdjustment pass : target().quantizationRules(options).paramAdjustments()) {
            assertTrue(pass.name() != null && !pass.name().isBlank(), "a params pass has a name for the report");
            AdjustedParams again = pass.apply(model);
            assertEquals(List.of(), again.changes(), pass.name() + " changes params it already adjusted");
        }
    }

    @Test
    void integerModelGivesLogitsAndStaysOnItsGrids() throws Exception {
        TargetOptions options = targetOptions(options());
        QuantizedModel model = ContractModel.quantize(target(), options, manager());
        Optional<IntegerModel> integer = target().integerModel(model, options);
        if (integer.isEmpty()) {
            return; // a target without an integer model has nothing more to check here
        }
        try (NDManager scope = manager().newSubManager()) {
            NDArray input = ContractModel.inputs(scope);
            NDArray logits = integer.get().logits(input);
            assertEquals(ContractModel.BATCH, logits.getShape().get(0), "one row of logits per image");
            assertEquals(ContractModel.CLASSES.size(), logits.getShape().get(1), "one logit per class");
            for (float v : logits.toFloatArray()) {
                assertTrue(Float.isFinite(v), "logits are finite");
            }
            for (Map.Entry<String, NDArray> t : integer.get().quantizedTensors(input).entrySet()) {
                QuantParams p = model.quantParams().get(t.getKey());
                assertTrue(p != null && p.isPerTensor(), t.getKey() + " is a per-tensor quantized tensor of the model");
                for (float v : t.getValue().toFloatArray()) {
                    double q = v / p.scale(0) + p.zeroPoint(0);
                    assertTrue(Math.abs(q - Math.rint(q)) < 1e-3 && q >= p.qmin() - 1e-3 && q <= p.qmax() + 1e-3,
                            t.getKey() + " holds " + v + ", which is not on its grid " + p);
                }
            }
        } finally {
            if (integer.get() instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }
}
