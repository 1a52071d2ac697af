package io.qforge.engine.compile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import io.qforge.api.RoundMode;
import io.qforge.api.backbone.Preprocessing;
import io.qforge.api.data.RawImage;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.GraphInput;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Ops;
import io.qforge.api.graph.Parameters;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.quant.QuantSpec;
import io.qforge.api.quant.ResolvedSpec;
import io.qforge.api.quant.TensorKind;
import io.qforge.api.target.QuantizedModel;
import io.qforge.engine.config.run.PreprocessingConfig;
import io.qforge.engine.config.run.ResizeMode;
import io.qforge.engine.data.ImagePreprocessor;
import io.qforge.engine.fixtures.TestEngine;
import io.qforge.engine.rules.SpecResolution;
import io.qforge.engine.rules.TargetRules;
import io.qforge.engine.rules.TargetRulesFinder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The board runner the DPU target writes (deploy/run_on_board.py) prepares an image into the same
 * int8 input as qforge, from the meta.json the target writes beside the xmodel and nothing else:
 * a model whose input has the given preprocessing, fix position and round mode is compiled for
 * the KV260, and the runner's {@code model_input}, run by python3 on that meta.json, is compared
 * byte for byte with ImagePreprocessor and the input's round mode. Padded and resized models,
 * grey and colour images; std_round is the DPU's input default and rounds halves away from zero.
 */
class BoardRunnerPreprocessingTest {

    private static final List<Float> MEAN = List.of(0.485f, 0.456f, 0.406f);
    private static final List<Float> STD = List.of(0.229f, 0.224f, 0.225f);

    /** Halves and the float edges of REFERENCE.md §3, where round modes part. */
    private static final List<String> EDGES = List.of("-2.5", "2.5", "-0.5", "0.5", "1.5", "-1.5", "0.49999997", "-0.49999997", "1.4999999",
            "-1.4999999", "127.49999", "-127.49999", "127.5", "-128.5");

    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({"1, 28, 28, pad, std_round, 4", "3, 25, 30, pad, std_round, 6", "3, 37, 23, resize, std_round, 5",
            "3, 32, 32, resize, half_even, 6", "1, 17, 40, resize, half_up, 5"})
    void theRunnersInputFromMetaJsonIsQforgesInput(int channels, int height, int width, String resize, String roundMode, int fixPos)
            throws IOException, InterruptedException {
        Assumptions.assumeTrue(python(), () -> {
            // On stderr: CI installs python3-numpy, and scripts/check-no-skipped-tests.sh fails the build on any skip.
            String why = "SKIPPED BoardRunnerPreprocessingTest: python3 with numpy is not installed (scripts/install-prerequisites.sh installs it)";
            System.err.println(why);
            return why;
        });
        byte[] pixels = new byte[channels * height * width];
        new Random(height * 31L + width).nextBytes(pixels);
        RawImage image = new RawImage(channels, height, width, pixels);
        PreprocessingConfig config = new PreprocessingConfig(32, 32, resize.equals("pad") ? ResizeMode.PAD : ResizeMode.RESIZE, true, MEAN, STD, false);
        float[] chw = new float[3 * 32 * 32];
        new ImagePreprocessor(config, 3).write(image, false, chw, 0, "test image");
        QuantizedModel model = model(config.forModel(), roundMode, fixPos);
        RoundMode mode = model.roundMode("input");
        byte[] expected = new byte[chw.length];
        float scale = (float) Math.pow(2, fixPos);
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < 32 * 32; p++) {
                expected[p * 3 + c] = (byte) Math.max(-128, Math.min(127, (long) mode.round(chw[c * 1024 + p] * scale)));
            }
        }

        TargetRules kv260 = TestEngine.ENGINE.get(TargetRulesFinder.class).of("dpuczdx8g", Map.of("preset", "KV260"));
        Path compiled = tmp.resolve("compiled");
        kv260.target().compile(model, compiled, kv260.options());
        String meta = Files.readString(compiled.resolve("meta.json"));
        assertTrue(meta.contains("\"resize\": \"" + resize + "\"") && meta.contains("\"input_round_mode\": \"" + roundMode + "\"")
                && meta.contains("\"channel_order\": \"RGB\""), meta);
        Files.write(tmp.resolve("pixels.bin"), pixels);
        String script = String.join("\n",
                "import json, sys, numpy as np",
                "sys.path.insert(0, sys.argv[1] + '/compiled/deploy')",
                "import run_on_board as r",
                "px = np.fromfile(sys.argv[1] + '/pixels.bin', dtype=np.uint8).reshape(" + height + ", " + width + ", " + channels + ")",
                "meta = json.load(open(sys.argv[1] + '/compiled/meta.json'))",
                "r.model_input(px, meta).tofile(sys.argv[1] + '/input.bin')",
                "edges = np.array([" + String.join(", ", EDGES.stream().map(v -> "'" + v + "'").toList()) + "], dtype=np.float32)",
                "r.quantize(edges, 0, meta['input_round_mode']).tofile(sys.argv[1] + '/edges.bin')");
        Process p = new ProcessBuilder("python3", "-c", script, tmp.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        p.waitFor(60, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), output);
        assertArrayEquals(expected, Files.readAllBytes(tmp.resolve("input.bin")), "int8 NHWC input of the runner against qforge's");
        byte[] edges = new byte[EDGES.size()];
        for (int i = 0; i < edges.length; i++) {
            edges[i] = (byte) Math.max(-128, Math.min(127, (long) mode.round(Float.parseFloat(EDGES.get(i)))));
        }
        assertArrayEquals(edges, Files.readAllBytes(tmp.resolve("edges.bin")), "the runner's " + roundMode + " on halves and float edges");
    }

    /** input -> relu, both quantized (the input at {@code fixPos} with {@code roundMode}), with {@code preprocessing}. */
    private static QuantizedModel model(Preprocessing preprocessing, String roundMode, int fixPos) {
        Graph graph = new Graph("board", List.of(new GraphInput("input", new Shape(3, 32, 32))),
                List.of(new Node("relu", Ops.RELU, List.of("input"), Map.of(), Map.of())), List.of("relu"), List.of());
        SpecResolution resolution = TestEngine.ENGINE.get(SpecResolution.class);
        ResolvedSpec input = resolution.resolve(new QuantSpec(TensorKind.INPUT, 8, "diffs", roundMode, "power_of_two", true, false, true, false,
                "modal", 99.99), "test input");
        ResolvedSpec relu = resolution.resolve(new QuantSpec(TensorKind.ACTIVATION, 8, "diffs", "half_up", "power_of_two", true, false, true, false,
                "modal", 99.99), "test relu");
        return new QuantizedModel(graph, new Parameters(Map.of()), new Parameters(Map.of()), Map.of("input", input, "relu", relu),
                Map.of("input", QuantParams.fixPosition(fixPos, -128, 127), "relu", QuantParams.fixPosition(fixPos, -128, 127)),
                List.of("a", "b"), preprocessing);
    }

    private static boolean python() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
