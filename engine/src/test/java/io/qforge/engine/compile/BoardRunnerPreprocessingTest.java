package io.qforge.engine.compile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qforge.api.RoundMode;
import io.qforge.api.data.RawImage;
import io.qforge.engine.config.run.PreprocessingConfig;
import io.qforge.engine.config.run.ResizeMode;
import io.qforge.engine.data.ImagePreprocessor;
import io.qforge.engine.fixtures.TestEngine;
import io.qforge.engine.plugin.PluginRegistry;
import io.qforge.engine.plugin.SpiType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The board runner the DPU target writes (run_on_board.py) prepares an image into the same int8
 * input as qforge: its numpy preprocessing, run by python3, against ImagePreprocessor and the input
 * round mode, byte for byte, for a resized colour image and a padded grey one.
 */
class BoardRunnerPreprocessingTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({"3, 37, 23, resize, std_round, 5", "1, 28, 28, pad, half_up, 4", "3, 32, 32, resize, half_even, 6", "1, 17, 40, resize, half_up, 5"})
    void theRunnersInputIsQforgesInput(int channels, int height, int width, String resize, String roundMode, int fixPos)
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
        List<Float> mean = List.of(0.485f, 0.456f, 0.406f);
        List<Float> std = List.of(0.229f, 0.224f, 0.225f);
        PreprocessingConfig config = new PreprocessingConfig(32, 32, resize.equals("pad") ? ResizeMode.PAD : ResizeMode.RESIZE, true, mean, std, false);
        float[] chw = new float[3 * 32 * 32];
        new ImagePreprocessor(config, 3).write(image, false, chw, 0, "test image");
        RoundMode mode = TestEngine.ENGINE.get(PluginRegistry.class).get(SpiType.ROUND_MODE, roundMode, "test");
        byte[] expected = new byte[chw.length];
        float scale = (float) Math.pow(2, fixPos);
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < 32 * 32; p++) {
                expected[p * 3 + c] = (byte) Math.max(-128, Math.min(127, (long) mode.round(chw[c * 1024 + p] * scale)));
            }
        }

        Path runner = tmp.resolve("run_on_board.py");
        try (InputStream in = getClass().getResourceAsStream("/io/qforge/target/dpuczdx8g/run_on_board.py")) {
            Files.write(runner, in.readAllBytes());
        }
        Files.write(tmp.resolve("pixels.bin"), pixels);
        String pre = config.forModel().resize();
        String script = String.join("\n",
                "import json, sys, numpy as np",
                "sys.path.insert(0, sys.argv[1])",
                "import run_on_board as r",
                "px = np.fromfile(sys.argv[1] + '/pixels.bin', dtype=np.uint8).reshape(" + height + ", " + width + ", " + channels + ")",
                "pre = {'height': 32, 'width': 32, 'mean': [0.485, 0.456, 0.406], 'std': [0.229, 0.224, 0.225], 'resize': '" + pre
                        + "', 'grayscale_to_rgb': True}",
                "r.quantize(r.prepare(px, pre), " + fixPos + ", '" + roundMode + "').tofile(sys.argv[1] + '/input.bin')");
        Process p = new ProcessBuilder("python3", "-c", script, tmp.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        p.waitFor(60, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), output);
        assertArrayEquals(expected, Files.readAllBytes(tmp.resolve("input.bin")), "int8 HWC input of the runner against qforge's");
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
