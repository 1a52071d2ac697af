package io.qforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * qforge run end to end on the real Fashion-MNIST data, made small: the report in headless
 * Chromium, golden dumps and qforge diff, qforge analyze and qforge tune (cached trials, the chosen
 * config reproduced), stage caching, the example third-party calibrator, and Ctrl-C.
 */
class RunCommandIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static void assertExit(int expected, Launcher.Result r) {
        assertEquals(expected, r.exitCode(), "stdout:\n" + r.out() + "\nstderr:\n" + r.err());
    }

    /**
     * The shipped experiment with fewer images and epochs for {@code target}, quantized with the
     * example config {@code base} whose activations use {@code method}, written as {@code quantName}.
     */
    private Path smallConfig(String quantName, String base, String method, ObjectNode target) throws Exception {
        ObjectNode config = SmallRun.config(target);
        config.put("quantization", quantName);
        ObjectNode quant = SmallRun.exampleQuantization(base);
        SmallRun.tensorConfig(quant, "activation").put("method", method);
        SmallRun.write(tmp.resolve(quantName), quant);
        return SmallRun.write(tmp.resolve("run.json"), config);
    }

    @Test
    void runReportsCachesStagesTakesAThirdPartyCalibratorAndSurvivesCtrlC() throws Exception {
        Path dist = ThirdPartyPlugin.distributionCopy(Launcher.DIST, tmp.resolve("dist"));
        Map<String, String> env = Map.of("QFORGE_CACHE", tmp.resolve("cache").toString());
        Path out = tmp.resolve("out");
        Path runDir = out.resolve("fmnist-transfer");

        // 1. The whole pipeline.
        ObjectNode kv260 = JSON.createObjectNode().put("type", "DPUCZDX8G").put("preset", "KV260");
        Path config = smallConfig("int8_config.json", "int8_config.json", "diffs", kv260);
        Launcher.Result first = Launcher.run(dist, env, "run", config.toString(), "--out", out.toString());
        assertExit(0, first);
        for (String line : List.of("qforge run fmnist-transfer: done in", "(train ran, quantize ran, compile ran)", "transfer head test accuracy",
                "float top-1", "int8 top-1", "fps", "KV260", "resnet18_int.xmodel", "arch.json", "report.html")) {
            assertTrue(first.out().contains(line), line + "\n" + first.out());
        }
        assertTrue(first.out().lines().count() <= 24, "a one-screen summary:\n" + first.out());
        JsonNode report = JSON.readTree(runDir.resolve("report.json").toFile());
        assertEquals(32, report.get("histograms").size(), "the input and 31 activations");
        JsonNode conv = report.get("histograms").get(4);
        assertTrue(conv.get("range_max").asDouble() > 0 && conv.has("fix_pos"), conv.toString());
        assertEquals(report.get("sqnr_db").size(), 31);
        assertEquals(3, report.get("target").get("preset_estimates").size(), "KV260, ZCU102, ZCU104");
        assertEquals(3, report.get("training").get("result").get("epochs").size());
        assertTrue(Files.exists(runDir.resolve("compiled/resnet18_int.xmodel")));
        assertTrue(!Files.readString(runDir.resolve("compiled/compile_report.json")).contains(".staging"), "no staging paths in reports");

        // 2. Golden per-layer dumps, and qforge diff naming the first layer where a board's dump parts from them.
        Path golden = runDir.resolve("compiled/golden");
        JsonNode manifest = JSON.readTree(golden.resolve("manifest.json").toFile());
        assertEquals(2, manifest.get("images").asInt());
        assertEquals(32, manifest.get("tensors").size(), "the input and 31 activations");
        Path boardDump = tmp.resolve("board-dump");
        for (int image = 0; image < 2; image++) {
            Files.createDirectories(boardDump.resolve(Integer.toString(image)));
            for (JsonNode t : manifest.get("tensors")) {
                String file = image + "/" + t.get("file").asText();
                Files.copy(golden.resolve(file), boardDump.resolve(file));
            }
        }
        Launcher.Result same = Launcher.run(dist, env, "diff", golden.toString(), boardDump.toString());
        assertExit(0, same);
        assertTrue(same.out().contains("compared 64 tensor dumps") && same.out().contains("every dumped tensor is equal"), same.out());
        JsonNode middle = manifest.get("tensors").get(10);
        Path perturbed = boardDump.resolve("1/" + middle.get("file").asText());
        byte[] bytes = Files.readAllBytes(perturbed);
        bytes[7] ^= 1;
        Files.write(perturbed, bytes);
        Launcher.Result differs = Launcher.run(dist, env, "diff", golden.toString(), boardDump.toString());
        assertExit(3, differs);
        assertTrue(differs.out().contains("image 1: first diverging tensor " + middle.get("tensor").asText() + " (" + middle.get("file").asText()
                + "): 1 of " + bytes.length + " values differ, by up to 1"), differs.out());
        assertExit(2, Launcher.run(dist, env, "diff", golden.toString(), tmp.toString()));

        // 3. The report page renders its charts in headless Chromium.
        String dom = ReportBrowser.renderedDom(runDir.resolve("report.html"));
        Matcher body = Pattern.compile("<body[^>]*>").matcher(dom);
        assertTrue(body.find() && !body.group().contains("data-render-error"), "the page script failed: " + (body.hitEnd() ? dom : body.group()));
        Matcher charts = Pattern.compile("data-charts-rendered=\"(\\d+)\"").matcher(dom);
        assertTrue(charts.find(), "the page script did not finish");
        assertEquals(2 + 1 + 1 + 32 + 1 + 1, Integer.parseInt(charts.group(1)),
                "training curves (2), accuracy, SQNR, 32 histograms, partition and presets all drew marks");
        assertEquals(64, count(dom, "class=\"threshold\""), "two threshold lines on each histogram");
        Path png = tmp.resolve("report.png");
        ReportBrowser.screenshot(Launcher.REPO, runDir.resolve("report.html"), png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image.getWidth() >= 1200 && image.getHeight() >= 2000, image.getWidth() + "x" + image.getHeight());
        assertTrue(pixels(image, 0x4c78a8) > 20_000, "the blue bars and histograms are on the screenshot");
        assertTrue(pixels(image, 0xe4572e) > 500, "the red threshold lines are on the screenshot");

        // 4. qforge analyze: per-layer sensitivity, then in the report of a cached rerun.
        Launcher.Result analyze = Launcher.run(dist, env, "analyze", config.toString(), "--out", out.toString(), "--images", "48");
        assertExit(0, analyze);
        assertTrue(analyze.out().contains("48 test images: float top-1") && analyze.out().contains("alone top-1"), analyze.out());
        JsonNode analysis = JSON.readTree(runDir.resolve("analysis.json").toFile());
        assertEquals(40, analysis.get("rows").size(), "every node with quantized tensors: 20 convs, the fc, 17 relus, the max and average pools");

        // 5. qforge tune: trials scored and cached, the chosen config written out and reproduced by qforge run.
        String[] tuneArgs = {"tune", config.toString(), "--out", out.toString(), "--max-drop", "0", "--trials", "3", "--images", "48"};
        Launcher.Result tune = Launcher.run(dist, env, tuneArgs);
        assertTrue(tune.exitCode() == 0 || tune.exitCode() == 4, "0 within the budget, 4 not: " + tune.exitCode() + "\n" + tune.err());
        JsonNode tuning = JSON.readTree(runDir.resolve("tune/tune.json").toFile());
        int trials = 0;
        JsonNode chosen = null;
        for (JsonNode t : tuning.get("trials")) {
            trials += t.get("outcome").asText().equals("refused") ? 0 : 1;
            chosen = t.get("key").asText().equals(tuning.get("chosen").asText()) ? t : chosen;
        }
        assertTrue(trials >= 1 && trials <= 3 && chosen != null, tuning.toString());
        assertEquals(tune.exitCode() == 0, tuning.get("within_budget").asBoolean());
        assertTrue(tune.out().contains("chosen (*): ") && tune.out().contains("reproduce it with: qforge run"), tune.out());
        Launcher.Result tuneAgain = Launcher.run(dist, env, tuneArgs);
        assertEquals(tune.exitCode(), tuneAgain.exitCode());
        assertEquals(trials, count(tuneAgain.out(), " cached "), "every scored trial is read back:\n" + tuneAgain.out());
        assertEquals(tuning.get("chosen").asText(), JSON.readTree(runDir.resolve("tune/tune.json").toFile()).get("chosen").asText());
        Path tuned = Path.of(tuning.get("run_config").asText());
        assertExit(0, Launcher.run(dist, env, "validate", tuned.getParent().resolve("int8_config.json").toString()));
        Path tunedOut = tmp.resolve("out-tuned");
        Path tunedRun = tunedOut.resolve("fmnist-transfer-tuned");
        Files.createDirectories(tunedRun);
        for (String trained : List.of("checkpoint", "training.json", "stages.json")) {
            copy(runDir.resolve(trained), tunedRun.resolve(trained));
        }
        assertExit(0, Launcher.run(dist, env, "run", tuned.toString(), "--out", tunedOut.toString()));
        assertEquals(chosen.get("test_top1").asDouble(), JSON.readTree(tunedRun.resolve("report.json").toFile()).get("accuracy").get("quantized_top1")
                .asDouble(), 1e-12, "the written config reproduces the chosen trial");

        // 6. A cached rerun's report has the sensitivity and the tuning charts too.
        Launcher.Result rerun = Launcher.run(dist, env, "run", config.toString(), "--out", out.toString());
        assertExit(0, rerun);
        String withAnalysis = ReportBrowser.renderedDom(runDir.resolve("report.html"));
        Matcher more = Pattern.compile("data-charts-rendered=\"(\\d+)\"").matcher(withAnalysis);
        assertTrue(more.find() && Integer.parseInt(more.group(1)) == 2 + 1 + 1 + 32 + 1 + 1 + 1 + 1, "the sensitivity and tuning charts drew marks too");
        assertTrue(withAnalysis.contains("Per-layer sensitivity") && !withAnalysis.contains("id=\"sensitivity-section\" hidden"), "shown");
        assertTrue(!withAnalysis.contains("id=\"tuning-section\" hidden") && count(withAnalysis, "class=\"mark chosen") == 1, "one chosen point");

        // 7. The example third-party calibrator, built against the installed API, dropped into plugins/.
        Path jar = ThirdPartyPlugin.build(Launcher.REPO, tmp);
        Files.copy(jar, dist.resolve("plugins").resolve(jar.getFileName()));
        Launcher.Result plugins = Launcher.run(dist, env, "plugins");
        assertExit(0, plugins);
        assertTrue(plugins.out().contains("aciq") && plugins.out().contains("qforge-aciq-calibrator-1.0.0.jar"), plugins.out());

        // 8. Only the quantization config and the target change: training is reused and the plugin calibrates.
        // The DPU allows only diffs and maxmin (Vitis AI's rule), so aciq runs on the CPU target.
        Path aciq = smallConfig("cpu_aciq.json", "cpu_int8_config.json", "aciq", JSON.createObjectNode().put("type", "onnxruntime-cpu"));
        Launcher.Result second = Launcher.run(dist, env, "run", aciq.toString(), "--out", out.toString());
        assertExit(0, second);
        assertTrue(second.out().contains("(train cached, quantize ran, compile ran)"), second.out());
        assertTrue(second.err().contains("train: cached"), second.err());
        int calibratedByAciq = 0;
        for (JsonNode p : JSON.readTree(runDir.resolve("quantized/quant_params.json").toFile())) {
            if (p.get("kind").asText().equals("activation")) {
                assertEquals("aciq", p.get("method").asText(), p.toString());
                calibratedByAciq++;
            }
        }
        assertEquals(31, calibratedByAciq);
        assertTrue(Files.exists(runDir.resolve("compiled/model_int8.onnx")), "compiled for the CPU");
        String stagesAfterAciq = Files.readString(runDir.resolve("stages.json"));
        String paramsAfterAciq = Files.readString(runDir.resolve("quantized/quant_params.json"));

        // 9. Ctrl-C during a stage: the previous outputs stay whole and nothing half-written is left.
        Path maxmin = smallConfig("int8_maxmin.json", "int8_config.json", "maxmin", kv260);
        List<String> command = List.of(dist.resolve("bin/qforge").toString(), "run", maxmin.toString(), "--out", out.toString());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process run = pb.start();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(run.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null && !line.startsWith("quantize: running")) {
                // wait until the quantize stage has started
            }
            assertTrue(line != null, "the run ended before the quantize stage started");
            Thread.sleep(3000);
            new ProcessBuilder("kill", "-INT", Long.toString(run.pid())).start().waitFor();
            lines.transferTo(Writer.nullWriter());
        }
        assertTrue(run.waitFor(60, TimeUnit.SECONDS), "qforge stopped on SIGINT");
        assertNotEquals(0, run.exitValue(), "an interrupted run fails");
        try (Stream<Path> left = Files.list(out)) {
            assertEquals(List.of("fmnist-transfer"), left.map(p -> p.getFileName().toString()).toList(), "no staging folder left");
        }
        assertEquals(stagesAfterAciq, Files.readString(runDir.resolve("stages.json")), "the stage record is unchanged");
        assertEquals(paramsAfterAciq, Files.readString(runDir.resolve("quantized/quant_params.json")), "the last complete outputs stay");
    }

    @Test
    void runNeedsARunConfigWithATargetAndWritesNothingWithoutOne() throws Exception {
        ObjectNode config = (ObjectNode) JSON.readTree(Launcher.REPO.resolve("examples/fmnist-transfer.json").toFile());
        config.remove("target");
        config.put("quantization", Launcher.REPO.resolve("examples/int8_config.json").toAbsolutePath().toString());
        Path file = tmp.resolve("no-target.json");
        JSON.writeValue(file.toFile(), config);
        Launcher.Result r = Launcher.run("run", file.toString(), "--out", tmp.resolve("out").toString());
        assertExit(2, r);
        assertTrue(r.err().contains("$.target: is missing; qforge run compiles for a target"), r.err());
        assertTrue(!Files.exists(tmp.resolve("out")), "nothing written");

        Launcher.Result bare = Launcher.run("run", Launcher.REPO.resolve("examples/int8_config.json").toString());
        assertExit(2, bare);
        assertTrue(bare.err().contains("is a Vitis AI quantization config; run takes a run config"), bare.err());
    }

    /** Copies a file, or a folder with everything in it. */
    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    /** Pixels within a small distance of {@code rgb}. */
    private static long pixels(BufferedImage image, int rgb) {
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y);
                int dr = ((p >> 16) & 0xff) - ((rgb >> 16) & 0xff);
                int dg = ((p >> 8) & 0xff) - ((rgb >> 8) & 0xff);
                int db = (p & 0xff) - (rgb & 0xff);
                if (Math.abs(dr) + Math.abs(dg) + Math.abs(db) < 30) {
                    n++;
                }
            }
        }
        return n;
    }
}
