package io.qforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qforge.target.dpuczdx8g.xir.XirOp;
import io.qforge.target.dpuczdx8g.xir.XmodelReader;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third-party target and a third-party round mode, each a standalone Maven project under
 * {@code examples/}, built as their authors would, dropped into {@code plugins/} of a copy of the
 * assembled distribution, listed, checked by {@code validate}, and used by {@code qforge run}.
 */
class ThirdPartyPluginsIT {

    @TempDir
    Path tmp;

    private static void assertExit(int expected, Launcher.Result r) {
        assertEquals(expected, r.exitCode(), "stdout:\n" + r.out() + "\nstderr:\n" + r.err());
    }

    @Test
    void aThirdPartyTargetAndRoundModeWorkThroughQforgeRun() throws Exception {
        Path dist = ThirdPartyPlugin.distributionCopy(Launcher.DIST, tmp.resolve("dist"));
        Path roundMode = ThirdPartyPlugin.build(Launcher.REPO, tmp, "roundmode-example", "target/qforge-dpu-round-mode-1.0.0.jar");
        Files.copy(roundMode, dist.resolve("plugins").resolve(roundMode.getFileName()));
        Path npu = ThirdPartyPlugin.build(Launcher.REPO, tmp, "target-example", "target/edge-npu");
        ThirdPartyPlugin.copyTree(npu, dist.resolve("plugins/edge-npu"));
        Map<String, String> env = Map.of("QFORGE_CACHE", tmp.resolve("cache").toString());
        Path out = tmp.resolve("out");
        Path runDir = out.resolve("fmnist-transfer");

        Launcher.Result plugins = Launcher.run(dist, env, "plugins");
        assertExit(0, plugins);
        assertTrue(plugins.out().lines().anyMatch(l -> l.startsWith("  dpu_round ") && l.contains("qforge-dpu-round-mode-1.0.0.jar")), plugins.out());
        assertTrue(plugins.out().lines().anyMatch(l -> l.startsWith("  edge-npu ") && l.contains("plugins/edge-npu")), plugins.out());

        // 1. The DPU with the third-party round mode on its activations: kept, because its XIR name is the DPU's.
        ObjectNode dpuRound = SmallRun.exampleQuantization("int8_config.json");
        SmallRun.tensorConfig(dpuRound, "activation").put("round_mode", "dpu_round");
        ObjectNode kv260 = SmallRun.config(SmallRun.JSON.createObjectNode().put("type", "DPUCZDX8G").put("preset", "KV260"));
        kv260.set("quantization", dpuRound);
        Path dpuConfig = SmallRun.write(tmp.resolve("dpu-round.json"), kv260);
        Launcher.Result validDpu = Launcher.run(dist, env, "validate", dpuConfig.toString());
        assertExit(0, validDpu);
        assertTrue(!validDpu.err().contains("note:"), "dpu_round is what the DPU wants for activations:\n" + validDpu.err());
        Launcher.Result dpuRun = Launcher.run(dist, env, "run", dpuConfig.toString(), "--out", out.toString());
        assertExit(0, dpuRun);
        for (JsonNode p : SmallRun.JSON.readTree(runDir.resolve("quantized/quant_params.json").toFile())) {
            String expected = p.get("kind").asText().equals("activation") ? "dpu_round" : "std_round";
            assertEquals(expected, p.get("round_mode").asText(), p.toString());
        }
        JsonNode check = SmallRun.JSON.readTree(runDir.resolve("compiled/compile_report.json").toFile()).get("integer_check");
        assertEquals(1.0, check.get("agreement").asDouble(), "the integer model rounds with dpu_round as the simulation does: " + check);
        XmodelReader.Xmodel xmodel = XmodelReader.read(runDir.resolve("compiled/resnet18_int.xmodel"));
        Map<String, Integer> roundings = new HashMap<>();
        for (XirOp op : xmodel.ops()) {
            if (op.type().equals("fix")) {
                roundings.merge((String) op.attrs().get("round_mode"), 1, Integer::sum);
            }
        }
        assertEquals(Map.of("DPU_ROUND", 31, "STD_ROUND", 43), roundings, "the input, 21 weights and 21 biases STD_ROUND; the 31 activations DPU_ROUND");

        // The DPU's rules on a setting it changes, with the JSON path, in validate; refused when strict.
        ObjectNode weights = dpuRound.deepCopy();
        SmallRun.tensorConfig(weights, "weights").put("round_mode", "dpu_round");
        kv260.set("quantization", weights);
        Launcher.Result note = Launcher.run(dist, env, "validate", SmallRun.write(tmp.resolve("dpu-weights.json"), kv260).toString());
        assertExit(0, note);
        assertTrue(note.err().contains("note: $.quantization.tensor_quantize_config.weights.round_mode: target dpuczdx8g changes weights tensors' "
                + "round_mode dpu_round -> std_round"), note.err());
        ((ObjectNode) kv260.get("target")).put("strict", true);
        Launcher.Result strict = Launcher.run(dist, env, "validate", SmallRun.write(tmp.resolve("dpu-strict.json"), kv260).toString());
        assertExit(2, strict);
        assertTrue(strict.err().contains("$.quantization.tensor_quantize_config.weights.round_mode (line ")
                && strict.err().contains("round_mode dpu_round is not accepted by target dpuczdx8g (strict)")
                && strict.err().contains("Allowed: round modes whose XIR name is STD_ROUND: std_round"), strict.err());

        // 2. The third-party target: its own defaults (no target_device), rules, params pass and export.
        ObjectNode edge = SmallRun.config(SmallRun.JSON.createObjectNode().put("type", "edge-npu"));
        edge.set("quantization", SmallRun.JSON.createObjectNode().put("include_cle", true));
        Path edgeConfig = SmallRun.write(tmp.resolve("edge.json"), edge);
        Launcher.Result validEdge = Launcher.run(dist, env, "validate", edgeConfig.toString());
        assertExit(0, validEdge);
        assertTrue(validEdge.err().contains("defaults and rules of target edge-npu"), validEdge.err());
        ObjectNode perTensor = SmallRun.JSON.createObjectNode();
        SmallRun.tensorConfig(perTensor, "weights").put("per_channel", false);
        edge.set("quantization", perTensor);
        Launcher.Result broken = Launcher.run(dist, env, "validate", SmallRun.write(tmp.resolve("edge-broken.json"), edge).toString());
        assertExit(2, broken);
        assertTrue(broken.err().contains("$.quantization.tensor_quantize_config.weights.per_channel (line ") && broken.err().contains("(rule of target edge-npu)"),
                broken.err());
        Launcher.Result edgeRun = Launcher.run(dist, env, "run", edgeConfig.toString(), "--out", out.toString());
        assertExit(0, edgeRun);
        assertTrue(edgeRun.out().contains("(train cached, quantize ran, compile ran)"), edgeRun.out());
        for (JsonNode p : SmallRun.JSON.readTree(runDir.resolve("quantized/quant_params.json").toFile())) {
            switch (p.get("kind").asText()) {
                case "weights" -> {
                    assertEquals(4, p.get("bit_width").asInt(), p.toString());
                    assertTrue(p.get("fix_pos").size() > 1 && p.get("axis").asInt() == 0, "per-channel power-of-two: " + p);
                }
                case "activation", "input" -> assertEquals(0, p.get("qmin").asInt(), "unsigned: " + p);
                default -> assertEquals(32, p.get("bit_width").asInt(), p.toString());
            }
        }
        JsonNode quantized = SmallRun.JSON.readTree(runDir.resolve("quantized/report.json").toFile());
        boolean equalized = false;
        for (JsonNode pass : quantized.get("passes")) {
            equalized |= pass.get("name").asText().equals("edge-npu: equal-add-inputs") && pass.get("changes").size() > 0;
        }
        assertTrue(equalized, "the target's own params pass ran and changed the adds' inputs: " + quantized.get("passes"));
        Path onnx = runDir.resolve("compiled/model_qdq.onnx");
        OrtEnvironment ort = OrtEnvironment.getEnvironment();
        try (OrtSession session = ort.createSession(onnx.toString(), new OrtSession.SessionOptions());
                OnnxTensor input = OnnxTensor.createTensor(ort, FloatBuffer.wrap(new float[2 * 3 * 32 * 32]), new long[] {2, 3, 32, 32});
                OrtSession.Result result = session.run(Map.of(session.getInputNames().iterator().next(), input))) {
            float[][] logits = (float[][]) result.get(0).getValue();
            assertEquals(List.of(2, 5), List.of(logits.length, logits[0].length), "the exported QDQ model runs in ONNX Runtime");
        }
    }
}
