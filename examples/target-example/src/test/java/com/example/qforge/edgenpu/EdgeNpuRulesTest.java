package com.example.qforge.edgenpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qforge.api.Calibrator;
import io.qforge.api.InvalidInputException;
import io.qforge.api.RoundMode;
import io.qforge.api.ScaleType;
import io.qforge.api.context.PluginCatalog;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.quant.QuantSetting;
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
import io.qforge.api.target.QuantizedModel;
import io.qforge.api.target.TargetOptions;
import io.qforge.testkit.ContractModel;
import io.qforge.testkit.NDManagerPerClass;
import io.qforge.testkit.TestPluginContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** edge-npu's config rules, spec adjustment, equal-add-inputs pass and options. */
class EdgeNpuRulesTest extends NDManagerPerClass {

    private static final String CONFIG = "$.quantization.tensor_quantize_config.";

    @TempDir
    Path tmp;

    private final EdgeNpuTarget target = new EdgeNpuTarget();

    private TargetOptions options(Map<String, Object> values) {
        return new TargetOptions(values, TestPluginContext.offline(tmp.resolve("cache")));
    }

    private QuantizationRules rules() {
        return target.quantizationRules(options(Map.of()));
    }

    /** The problems {@code rules} reports on the defaults with {@code changed} written into the config. */
    private List<String> problems(Map<TensorKind, QuantSpec> changed, Map<TensorKind, Map<QuantSetting, String>> writtenAt) {
        Map<TensorKind, TensorSettings> byKind = new EnumMap<>(TensorKind.class);
        for (TensorKind kind : TensorKind.values()) {
            QuantSpec spec = changed.getOrDefault(kind, rules().defaults(kind).orElseThrow());
            byKind.put(kind, new TensorSettings(spec, "int", CONFIG + kind.configName(), writtenAt.getOrDefault(kind, Map.of())));
        }
        List<String> problems = new ArrayList<>();
        rules().check(new ConfigSettings("$.quantization", byKind, List.of(TensorKind.values())),
                (path, kind, message) -> problems.add(path + " [" + kind.configName() + "] " + message));
        return problems;
    }

    @Test
    void perTensorWeightsAreReportedAtTheirJsonPath() {
        QuantSpec weights = rules().defaults(TensorKind.WEIGHTS).orElseThrow().withPerChannel(false);
        List<String> problems = problems(Map.of(TensorKind.WEIGHTS, weights),
                Map.of(TensorKind.WEIGHTS, Map.of(QuantSetting.PER_CHANNEL, CONFIG + "weights.per_channel")));
        assertEquals(1, problems.size(), problems.toString());
        String p = problems.get(0);
        assertTrue(p.startsWith(CONFIG + "weights.per_channel [weights] per_channel false"), p);
        assertTrue(p.endsWith("Allowed: true"), p);
    }

    @Test
    void everyBrokenRuleIsReportedWhereItWasWritten() {
        String overall = "$.quantization.overall_quantize_config.";
        QuantSpec weights = rules().defaults(TensorKind.WEIGHTS).orElseThrow().withBitWidth(8).withScaleType("float");
        QuantSpec activation = rules().defaults(TensorKind.ACTIVATION).orElseThrow().withSigned(true).withRoundMode("half_up");
        List<String> problems = problems(Map.of(TensorKind.WEIGHTS, weights, TensorKind.ACTIVATION, activation),
                Map.of(TensorKind.ACTIVATION, Map.of(QuantSetting.SIGNED, overall + "signed", QuantSetting.ROUND_MODE, overall + "round_mode")));
        assertEquals(List.of(
                CONFIG + "weights [weights] bit_width 8 is not allowed for weights: edge-npu's multipliers take 4-bit weights. Allowed: 4",
                CONFIG + "weights [weights] scale_type 'float' is not allowed for weights: edge-npu shifts weight products by powers of two. "
                        + "Allowed: power_of_two",
                overall + "signed [activation] signed true is not allowed for activation tensors: edge-npu's activations are unsigned bytes "
                        + "with a zero point. Allowed: false",
                overall + "round_mode [activation] round_mode 'half_up' is not allowed: edge-npu rounds half to even (XIR PY3_ROUND). "
                        + "Allowed: half_even"), problems);
    }

    @Test
    void adjustingASigned8BitActivationListsEachChange() {
        PluginCatalog plugins = options(Map.of()).context().plugins();
        QuantSpec asked = new QuantSpec(TensorKind.ACTIVATION, 8, "diffs", "half_up", "power_of_two", true, false, true, false, "modal", 99.99);
        ResolvedSpec requested = new ResolvedSpec(asked, plugins.find(Calibrator.class, "diffs").orElseThrow(),
                plugins.find(RoundMode.class, "half_up").orElseThrow(), plugins.find(ScaleType.class, "power_of_two").orElseThrow());
        SpecAdjustment adjusted = rules().adjust(requested);
        Map<QuantSetting, String> changes = adjusted.changes().stream()
                .collect(Collectors.toMap(SettingChange::setting, c -> c.from() + " -> " + c.to()));
        assertEquals(Map.of(
                QuantSetting.SYMMETRY, "true -> false",
                QuantSetting.SIGNED, "true -> false",
                QuantSetting.CALIB_STATISTIC_METHOD, "modal -> max",
                QuantSetting.SCALE_TYPE, "power_of_two -> float",
                QuantSetting.METHOD, "diffs -> maxmin",
                QuantSetting.ROUND_MODE, "half_up -> half_even"), changes);
        for (SettingChange c : adjusted.changes()) {
            assertTrue(!c.why().isBlank() && !c.allowed().isBlank(), c.describe());
        }
        assertEquals(rules().defaults(TensorKind.ACTIVATION).orElseThrow(), adjusted.accepted().spec(), "the NPU's activation spec");
        assertEquals(List.of(), rules().adjust(adjusted.accepted()).changes(), "adjusting twice changes nothing more");
    }

    @Test
    void theContractModelsAddReadsBothInputsWithTheSameParams() {
        QuantizedModel model = ContractModel.quantize(target, options(Map.of()), manager());
        assertEquals(model.quantParams().get("relu"), model.quantParams().get("conv2"), "add reads conv2 and relu");
        ParamsAdjustment pass = rules().paramAdjustments().get(0);
        assertEquals("equal-add-inputs", pass.name());
        AdjustedParams again = pass.apply(model);
        assertEquals(List.of(), again.changes(), "idempotent");
        assertEquals(model.quantParams(), again.params(), "all params, unchanged");
    }

    @Test
    void addInputsWithDifferentParamsGetTheUnionOfTheirRanges() {
        QuantizedModel quantized = ContractModel.quantize(target, options(Map.of()), manager());
        QuantParams conv2 = quantized.quantParams().get("conv2");
        QuantParams relu = QuantParams.affine(0.05f, 0, 0, 255);
        Map<String, QuantParams> split = new HashMap<>(quantized.quantParams());
        split.put("relu", relu);
        QuantizedModel model = quantized.withQuantParams(split);

        AdjustedParams once = rules().paramAdjustments().get(0).apply(model);
        assertEquals(split.keySet(), once.params().keySet(), "every tensor's params");
        assertEquals(1, once.changes().size(), once.changes().toString());
        QuantParams shared = once.params().get("relu");
        assertEquals(shared, once.params().get("conv2"), "both inputs share params");
        double min = Math.min(-conv2.zeroPoint(0) * (double) conv2.scale(0), 0);
        double max = Math.max((255 - conv2.zeroPoint(0)) * (double) conv2.scale(0), 255 * 0.05);
        float scale = (float) ((max - min) / 255);
        assertEquals(scale, shared.scale(0), "scale covers both ranges");
        assertEquals(Math.rint(-min / scale), shared.zeroPoint(0), "zero point");
        assertTrue(once.changes().get(0).matches("add: conv2 and relu share scale [0-9.]+, zero point " + shared.zeroPoint(0)), once.changes().get(0));
        for (String t : List.of("input", "relu_1", "pool", "fc", "conv1.weight")) {
            assertEquals(split.get(t), once.params().get(t), t + " is not an add's input and keeps its params");
        }
        assertEquals(List.of(), rules().paramAdjustments().get(0).apply(model.withQuantParams(once.params())).changes(), "idempotent");

        ParamsAdjustment strict = target.quantizationRules(options(Map.of("strict", true))).paramAdjustments().get(0);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> strict.apply(model));
        assertEquals("$.target.strict", e.location());
        assertTrue(e.getMessage().contains("add: conv2 and relu"), e.getMessage());
    }

    @Test
    void anUnknownOptionIsRefusedWithItsPath() throws Exception {
        TargetOptions bad = options(Map.of("frequency_mhz", 800));
        for (Runnable call : List.<Runnable>of(() -> target.quantizationRules(bad), () -> target.inspect(ContractModel.graph(), bad),
                () -> target.estimate(ContractModel.graph(), bad))) {
            InvalidInputException e = assertThrows(InvalidInputException.class, call::run);
            assertEquals("$.target.frequency_mhz", e.location());
            assertTrue(e.getMessage().endsWith("Allowed: type, strict"), e.getMessage());
        }
        InvalidInputException compile = assertThrows(InvalidInputException.class,
                () -> target.compile(ContractModel.quantize(target, options(Map.of()), manager()), tmp.resolve("out"), bad));
        assertEquals("$.target.frequency_mhz", compile.location());
        InvalidInputException notBoolean = assertThrows(InvalidInputException.class,
                () -> target.quantizationRules(options(Map.of("strict", "yes"))));
        assertEquals("$.target.strict", notBoolean.location());
        assertTrue(target.quantizationRules(options(Map.of("strict", false))).defaults(TensorKind.WEIGHTS).isPresent());
        assertEquals(Set.of(), target.vitisTargetDevices(), "not a Vitis AI device");
    }
}
