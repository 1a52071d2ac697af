package io.qforge.engine.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qforge.api.quant.QuantSpec;
import io.qforge.api.quant.TensorKind;
import io.qforge.engine.config.ConfigException.LocatedProblem;
import io.qforge.engine.config.vitis.QuantizeConfig;
import io.qforge.engine.config.vitis.ResolvedQuantizeConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuantizeConfigTest {

    @TempDir
    Path tmp;

    private ConfigFiles files;

    @BeforeEach
    void setUp() {
        files = new ConfigFiles(tmp);
    }

    /** "line L, column C" of the first {@code token} on line {@code line} (1-based) of {@code json}. */
    private static String placeOf(String json, int line, String token) {
        return "line " + line + ", column " + (json.lines().toList().get(line - 1).indexOf(token) + 1);
    }

    private static LocatedProblem only(List<LocatedProblem> problems) {
        assertEquals(1, problems.size(), problems.toString());
        return problems.get(0);
    }

    @Test
    void shippedExampleIsValidAndResolvesToDpuDefaults() {
        ValidatedConfig c = ConfigFiles.load(Path.of("../examples/int8_config.json"));
        assertFalse(c.isRunConfig());
        ResolvedQuantizeConfig q = c.quantization();
        QuantSpec weights = q.spec(TensorKind.WEIGHTS);
        assertEquals(8, weights.bitWidth());
        assertEquals("diffs", weights.method());
        assertEquals("std_round", weights.roundMode());
        assertEquals("power_of_two", weights.scaleType());
        assertTrue(weights.symmetric() && weights.signed());
        assertFalse(weights.perChannel() || weights.narrowRange());
        assertEquals("modal", weights.statisticMethod());
        assertEquals("half_up", q.spec(TensorKind.ACTIVATION).roundMode());
        assertEquals(List.of(TensorKind.values()), q.quantizedKinds());
    }

    @Test
    void emptyConfigTakesVitisDpuDefaultsPerKind() {
        ResolvedQuantizeConfig q = files.load("q.json", "{\"target_device\": \"DPU\"}").quantization();
        assertEquals("half_up", q.spec(TensorKind.ACTIVATION).roundMode());
        for (TensorKind k : List.of(TensorKind.INPUT, TensorKind.WEIGHTS, TensorKind.BIAS)) {
            assertEquals("std_round", q.spec(k).roundMode(), k.toString());
        }
        QuantizeConfig printed = q.withDefaults();
        assertEquals(true, printed.includeCle());
        assertEquals(true, printed.includeBiasCorr());
        assertEquals(13, printed.onnxOpsetVersion());
    }

    @Test
    void vitisSpellingPoweroftwoIsAcceptedAndPrintedCanonically() {
        ResolvedQuantizeConfig q = files.load("q.json",
                "{\"overall_quantize_config\": {\"scale_type\": \"poweroftwo\"}}").quantization();
        assertEquals("power_of_two", q.spec(TensorKind.WEIGHTS).scaleType());
        assertEquals("power_of_two", q.withDefaults().overallQuantizeConfig().scaleType());
    }

    @Test
    void tensorConfigOverridesOverall() {
        ResolvedQuantizeConfig q = files.load("q.json", """
                {"target_device": "CPU",
                 "overall_quantize_config": {"bit_width": 8, "method": "entropy"},
                 "tensor_quantize_config": {"weights": {"method": "maxmin", "per_channel": true}}}
                """).quantization();
        assertEquals("maxmin", q.spec(TensorKind.WEIGHTS).method());
        assertTrue(q.spec(TensorKind.WEIGHTS).perChannel());
        assertEquals("entropy", q.spec(TensorKind.ACTIVATION).method());
        assertEquals("half_even", q.spec(TensorKind.ACTIVATION).roundMode());
        assertEquals("float", q.spec(TensorKind.ACTIVATION).scaleType());
    }

    // The five broken variants of the foundation issue.

    @Test
    void unknownKeyIsNamedWithASuggestionAndTheAllowedKeys() {
        String json = """
                {
                  "target_device": "DPU",
                  "overall_quantize_config": {"bit_widht": 8}
                }
                """;
        LocatedProblem p = only(files.problems(json));
        assertEquals("$.overall_quantize_config.bit_widht", p.path());
        assertTrue(p.message().startsWith("unknown key 'bit_widht'. Did you mean 'bit_width'?"), p.message());
        assertTrue(p.message().contains("Allowed keys: bit_width, calib_statistic_method, datatype"), p.message());
        assertEquals(placeOf(json, 3, "\"bit_widht\""), p.where());
    }

    @Test
    void unknownTopLevelKeyIsAnError() {
        LocatedProblem p = only(files.problems("{\"target_device\": \"DPU\", \"fast_finetune\": true}"));
        assertEquals("$.fast_finetune", p.path());
        assertTrue(p.message().contains("include_bias_corr"), p.message());
    }

    @Test
    void badTargetDeviceListsTheAllowedValues() {
        LocatedProblem p = only(files.problems("{\"target_device\": \"FPGA\"}"));
        assertEquals("$.target_device", p.path());
        assertEquals("'FPGA' is not a Vitis AI target_device. Allowed: DPU, CPU, GPU", p.message());
    }

    @Test
    void badEnumValueListsTheAllowedValues() {
        LocatedProblem p = only(files.problems("{\"overall_quantize_config\": {\"calib_statistic_method\": \"mode\"}}"));
        assertEquals("$.overall_quantize_config.calib_statistic_method", p.path());
        assertEquals("'mode' is not allowed. Allowed: modal, max, mean, median", p.message());
    }

    @Test
    void theTargetThatClaimsTheDeviceSuppliesTheDefaults() {
        ResolvedQuantizeConfig dpu = files.load("q.json", "{\"include_cle\": true}").quantization();
        assertEquals("dpuczdx8g", dpu.defaultsFrom().name(), "no target_device: Vitis AI's default, DPU, claimed by dpuczdx8g");
        assertEquals("DPU", dpu.targetDevice());
        ResolvedQuantizeConfig gpu = files.load("q.json", "{\"target_device\": \"GPU\"}").quantization();
        assertEquals("onnxruntime-cpu", gpu.defaultsFrom().name());
        assertEquals("maxmin", gpu.spec(TensorKind.WEIGHTS).method());
    }

    @Test
    void methodsMustBeInstalledCalibrators() {
        LocatedProblem p = only(files.problems("{\"overall_quantize_config\": {\"method\": \"aciq\"}}"));
        assertEquals("$.overall_quantize_config.method", p.path());
        assertEquals("'aciq' is not a known calibration method. Allowed: diffs, entropy, maxmin, mse, percentile", p.message());
    }

    @Test
    void badPluginNameListsTheInstalledPlugins() {
        LocatedProblem p = only(files.problems("{\"overall_quantize_config\": {\"round_mode\": \"half_upp\"}}"));
        assertEquals("$.overall_quantize_config.round_mode", p.path());
        assertEquals("'half_upp' is not a known round mode. Allowed: ceil, floor, half_down, half_even, half_up, std_round", p.message());
    }

    @Test
    void wrongTypeSaysWhatWasExpectedAndFound() {
        LocatedProblem p = only(files.problems("{\"overall_quantize_config\": {\"bit_width\": \"8\"}}"));
        assertEquals("$.overall_quantize_config.bit_width", p.path());
        assertEquals("expected a whole number, found the string \"8\"", p.message());
        LocatedProblem b = only(files.problems("{\"include_cle\": 1}"));
        assertEquals("$.include_cle", b.path());
        assertEquals("expected true or false, found the number 1", b.message());
    }

    @Test
    void dpuWithPerChannelIsRejectedAtTheKeyThatSetIt() {
        LocatedProblem p = only(files.problems("""
                {"target_device": "DPU",
                 "tensor_quantize_config": {"weights": {"per_channel": true}}}
                """));
        assertEquals("$.tensor_quantize_config.weights.per_channel", p.path());
        assertEquals("per_channel true is not allowed: target_device DPU quantizes per tensor. Allowed: false (rule of target dpuczdx8g)",
                p.message());
    }

    @Test
    void bitWidthZeroIsOutOfRange() {
        LocatedProblem p = only(files.problems("{\"overall_quantize_config\": {\"bit_width\": 0}}"));
        assertEquals("$.overall_quantize_config.bit_width", p.path());
        assertEquals("bit_width 0 is out of range. Allowed: 1 to 32", p.message());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        List<LocatedProblem> problems = files.problems("""
                {"overall_quantize_config": {"bit_width": 40, "percentage": 0, "scale_type": "log2"}}
                """);
        assertEquals(List.of("$.overall_quantize_config.bit_width", "$.overall_quantize_config.percentage",
                "$.overall_quantize_config.scale_type"), problems.stream().map(LocatedProblem::path).toList());
    }

    @Test
    void dpuRulesNameEachBrokenSetting() {
        List<LocatedProblem> problems = files.problems("""
                {"target_device": "DPU",
                 "overall_quantize_config": {"symmetry": false, "scale_type": "float", "method": "entropy",
                                             "calib_statistic_method": "mean", "narrow_range": true}}
                """);
        List<String> paths = problems.stream().map(LocatedProblem::path).toList();
        assertEquals(List.of("$.overall_quantize_config.symmetry", "$.overall_quantize_config.narrow_range",
                "$.overall_quantize_config.scale_type", "$.overall_quantize_config.method",
                "$.overall_quantize_config.calib_statistic_method"), paths);
        assertTrue(problems.get(3).message().contains("Allowed: diffs, maxmin"), problems.get(3).message());
        assertTrue(problems.get(0).message().endsWith("(rule of target dpuczdx8g) (this setting applies to input, weights, bias, activation tensors)"),
                problems.get(0).message());
    }

    @Test
    void dpuNeedsEqualActivationAndBiasBitWidths() {
        LocatedProblem p = only(files.problems("{\"tensor_quantize_config\": {\"bias\": {\"bit_width\": 16}}}"));
        assertEquals("$.tensor_quantize_config.bias.bit_width", p.path());
        assertTrue(p.message().contains("activation has 8 and bias has 16"), p.message());
    }

    @Test
    void cpuAllowsPerChannelForWeightsOnly() {
        LocatedProblem p = only(files.problems("{\"target_device\": \"CPU\", \"overall_quantize_config\": {\"per_channel\": true}}"));
        assertEquals("$.overall_quantize_config.per_channel", p.path());
        assertTrue(p.message().startsWith("per_channel true is allowed for weights only on target_device CPU/GPU"), p.message());
        assertTrue(p.message().endsWith("(this setting applies to input, bias, activation tensors)"), p.message());
    }

    @Test
    void cpuPerChannelFloatNeedsMaxmin() {
        LocatedProblem p = only(files.problems("""
                {"target_device": "GPU", "tensor_quantize_config": {"weights": {"per_channel": true, "method": "mse"}}}
                """));
        assertEquals("$.tensor_quantize_config.weights.method", p.path());
        assertTrue(p.message().contains("allows method maxmin only on target_device CPU/GPU"), p.message());
    }

    @Test
    void cpuAsymmetricCannotUseHistogramMethods() {
        LocatedProblem p = only(files.problems("""
                {"target_device": "CPU", "tensor_quantize_config": {"activation": {"symmetry": false, "method": "percentile"}}}
                """));
        assertEquals("$.tensor_quantize_config.activation.method", p.path());
    }

    @Test
    void cpuPowerOfTwoMustBeSignedModalDiffsOrMaxmin() {
        List<LocatedProblem> problems = files.problems("""
                {"target_device": "CPU", "tensor_quantize_config": {"activation":
                  {"scale_type": "power_of_two", "signed": false, "method": "entropy"}}}
                """);
        List<String> paths = problems.stream().map(LocatedProblem::path).toList();
        assertEquals(List.of("$.tensor_quantize_config.activation.method", "$.tensor_quantize_config.activation.signed",
                "$.tensor_quantize_config.activation.scale_type"), paths);
    }

    @Test
    void layerEntriesNameExactlyOneOfTypeAndName() {
        LocatedProblem p = only(files.problems("""
                {"layer_quantize_config": [{"layer_type": "torch.nn.Conv2d", "layer_name": "conv1"}]}
                """));
        assertEquals("$.layer_quantize_config[0]", p.path());
        assertTrue(p.message().endsWith("this one has both"), p.message());
    }

    @Test
    void layerEntriesAreCheckedAgainstTheTargetRules() {
        String json = """
                {"target_device": "DPU", "layer_quantize_config": [
                  {"layer_name": "fc", "overall_quantize_config": {"bit_width": 8}},
                  {"layer_name": "conv1", "tensor_quantize_config": {"weights": {"scale_type": "float"}}}]}
                """;
        LocatedProblem p = only(files.problems(json));
        assertEquals("$.layer_quantize_config[1].tensor_quantize_config.weights.scale_type", p.path());
        assertEquals(placeOf(json, 3, "\"scale_type\""), p.where());
    }

    @Test
    void layerEntryOverallOutranksTopLevelTensorConfig() {
        ValidatedConfig c = files.load("q.json", """
                {"target_device": "CPU",
                 "tensor_quantize_config": {"weights": {"bit_width": 8}},
                 "layer_quantize_config": [{"layer_name": "fc", "overall_quantize_config": {"bit_width": 16}}]}
                """);
        assertEquals(16, c.quantization().layers().get(0).get(TensorKind.WEIGHTS).bitWidth());
        assertEquals(8, c.quantization().spec(TensorKind.WEIGHTS).bitWidth());
    }

    @Test
    void convertSiluToHswishIsRefusedAsNotImplementedUnlessFalse() {
        String json = "{\"target_device\": \"CPU\",\n \"convert_silu_to_hswish\": true}";
        LocatedProblem p = only(files.problems(json));
        assertEquals("$.convert_silu_to_hswish", p.path());
        assertEquals("qforge does not implement convert_silu_to_hswish; remove it or set it to false (qforge's graph has no SiLU op to convert)",
                p.message());
        assertEquals(placeOf(json, 2, "\"convert_silu_to_hswish\""), p.where());
        assertFalse(files.load("q.json", "{\"convert_silu_to_hswish\": false}").quantization().config().convertSiluToHswish());
    }

    @Test
    void aLayerEntrysOwnQuantizableDataTypeIsRefusedUnlessItChangesNothing() {
        String json = """
                {"target_device": "CPU", "layer_quantize_config": [
                  {"layer_name": "fc", "quantizable_data_type": ["weights", "bias", "activation"]},
                  {"layer_name": "conv1", "quantizable_data_type": ["weights"]}]}
                """;
        LocatedProblem p = only(files.problems(json));
        assertEquals("$.layer_quantize_config[1].quantizable_data_type", p.path());
        assertEquals("qforge does not implement a layer entry's own quantizable_data_type; remove it or set it to [\"weights\", \"bias\", "
                + "\"activation\"] (the top-level quantizable_data_type decides which of every layer's tensors are quantized)", p.message());
        assertEquals(placeOf(json, 3, "\"quantizable_data_type\""), p.where());
        LocatedProblem narrowed = only(files.problems("""
                {"target_device": "CPU", "quantizable_data_type": ["input", "weights"],
                 "layer_quantize_config": [{"layer_name": "fc", "quantizable_data_type": ["weights", "bias", "activation"]}]}
                """));
        assertTrue(narrowed.message().contains("set it to [\"weights\"]"), narrowed.message());
    }

    @Test
    void aFloatDatatypeIsRefusedOnTheCpuTarget() {
        String json = "{\"target_device\": \"CPU\",\n \"tensor_quantize_config\": {\"activation\": {\"datatype\": \"bfloat16\"}}}";
        LocatedProblem p = only(files.problems(json));
        assertEquals("$.tensor_quantize_config.activation.datatype", p.path());
        assertEquals("qforge does not implement datatype bfloat16 on target_device CPU/GPU (onnxruntime-cpu quantizes to integers only); "
                + "remove it or set it to int (rule of target onnxruntime-cpu)", p.message());
        assertEquals(placeOf(json, 2, "\"datatype\""), p.where());
        files.load("q.json", "{\"target_device\": \"GPU\", \"overall_quantize_config\": {\"datatype\": \"int\"}}");
    }

    @Test
    void onnxOpsetVersionOutsideWhatTheExportWritesIsRefused() {
        LocatedProblem p = only(files.problems("{\"target_device\": \"CPU\", \"onnx_opset_version\": 12}"));
        assertEquals("$.onnx_opset_version", p.path());
        assertTrue(p.message().endsWith("Allowed: 13 to 22"), p.message());
        assertEquals(17, files.load("q.json", "{\"target_device\": \"CPU\", \"onnx_opset_version\": 17}").quantization().onnxOpsetVersion());
    }

    @Test
    void malformedJsonGivesLineAndColumn() {
        LocatedProblem p = only(files.problems("{\n  \"target_device\": \"DPU\",,\n}"));
        assertTrue(p.message().startsWith("malformed JSON"), p.message());
        assertTrue(p.where().startsWith("line 2"), p.where());
    }

    /** Found by RunConfigFuzzTest: the parser's own text ("Unexpected character ... (code 42)") reached the user. */
    @Test
    void malformedJsonIsDescribedWithoutTheParsersText() {
        LocatedProblem p = only(files.problems("{\n  \"target_device\": [1 * 2]\n}"));
        assertEquals("malformed JSON: the text is not valid JSON here. JSON allows no comments, no trailing commas, and only double-quoted keys and strings",
                p.message());
        assertEquals("line 2, column 23", p.where());
    }

    @Test
    void duplicateKeyIsAnError() {
        LocatedProblem p = only(files.problems("{\"include_cle\": true, \"include_cle\": false}"));
        assertTrue(p.message().contains("include_cle"), p.message());
    }

    @Test
    void missingFileIsNamed() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFiles.load(tmp.resolve("nope.json")));
        assertTrue(e.getMessage().contains("nope.json: $: no such file"), e.getMessage());
    }
}
