package io.qforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a run folder guarantees, on the assembled distribution: runs killed with SIGKILL at each
 * stage boundary and in the middle of each stage leave only complete stages and finish on the next
 * run with the same bytes as a run never interrupted; a second run on a folder in use is refused.
 * One test, because every run of the small experiment costs about a minute.
 */
class RunFolderReliabilityIT {

    /** The stages' outputs, as {@code stages.json} names them. */
    private static final Map<String, List<String>> OUTPUTS = Map.of(
            "train", List.of("training.json", "checkpoint/model.safetensors", "checkpoint/model.json"),
            "quantize", List.of("quantized/quant_params.json", "quantized/folded.safetensors", "quantized/report.json"),
            "compile", List.of("compiled/resnet18_int.xmodel", "compiled/arch.json", "compiled/meta.json"));

    @TempDir
    Path tmp;

    /** Where the kill happens: after the line starting with {@code marker}, and {@code millis} later. */
    private record KillPoint(String marker, long millis) {}

    @Test
    void killedRunsLeaveOnlyCompleteStagesAndFinishWithTheBytesOfAnUninterruptedRun() throws Exception {
        Path config = config();
        Path out = tmp.resolve("out");
        Path cache = tmp.resolve("cache");
        Map<String, String> env = Map.of("QFORGE_CACHE", cache.toString());

        // 1. An uninterrupted run, moved aside; the interrupted one then runs at the same paths with an empty cache.
        assertExit(0, Launcher.run(env, "run", config.toString(), "--out", out.toString()));
        Map<String, byte[]> uninterrupted = contents(out.resolve("fmnist-transfer"));
        Files.move(out, tmp.resolve("out-uninterrupted"));
        Files.move(cache, tmp.resolve("cache-uninterrupted"));

        // 2. SIGKILL in the middle of training (and its pretraining), at each boundary, in the middle of quantize and compile.
        List<KillPoint> kills = List.of(new KillPoint("train: running", 4000), new KillPoint("quantize: running", 0),
                new KillPoint("quantize: running", 2500), new KillPoint("compile: running", 0), new KillPoint("compile: running", 2000));
        Path runDir = out.resolve("fmnist-transfer");
        for (KillPoint kill : kills) {
            killDuring(env, config, out, kill);
            assertOnlyCompleteStages(runDir, kill);
        }

        // 3. The next run completes, and every artifact is the uninterrupted run's, byte for byte (timings aside);
        // while it runs, a second run on the same folder is refused, naming it.
        Process last = start(env, "run", config.toString(), "--out", out.toString());
        try (BufferedReader lines = reader(last)) {
            await(lines, "train: cached");
            Launcher.Result second = Launcher.run(env, "run", config.toString(), "--out", out.toString());
            assertExit(2, second);
            assertTrue(second.err().contains(runDir + ": is in use by another qforge command (pid " + last.pid() + ", started "), second.err());
            assertExit(2, Launcher.run(env, "train", config.toString(), "--out", out.toString()));
            lines.transferTo(Writer.nullWriter());
        }
        assertTrue(last.waitFor(600, TimeUnit.SECONDS));
        assertEquals(0, last.exitValue(), "the run in progress is not disturbed by the refused ones");
        try (Stream<Path> beside = Files.list(out)) {
            assertEquals(List.of("fmnist-transfer"), beside.map(p -> p.getFileName().toString()).toList(), "no staging folder is left");
        }
        Map<String, byte[]> finished = contents(runDir);
        assertEquals(uninterrupted.keySet(), finished.keySet(), "the same files");
        for (String file : uninterrupted.keySet()) {
            assertTrue(Arrays.equals(uninterrupted.get(file), finished.get(file)), file + " differs from the uninterrupted run's");
        }
        assertEquals(0, Files.size(runDir.resolve(".lock")), "the lock is released");
    }

    /** The small shipped experiment for the KV260, with its Vitis AI config beside it. */
    private Path config() throws IOException {
        ObjectNode config = SmallRun.config(SmallRun.JSON.createObjectNode().put("type", "DPUCZDX8G").put("preset", "KV260"));
        config.put("quantization", "int8_config.json");
        SmallRun.write(tmp.resolve("int8_config.json"), SmallRun.exampleQuantization("int8_config.json"));
        return SmallRun.write(tmp.resolve("fmnist-transfer.json"), config);
    }

    private static void killDuring(Map<String, String> env, Path config, Path out, KillPoint kill) throws Exception {
        Process run = start(env, "run", config.toString(), "--out", out.toString());
        try (BufferedReader lines = reader(run)) {
            await(lines, kill.marker());
            Thread.sleep(kill.millis());
            run.destroyForcibly();
        }
        assertTrue(run.waitFor(60, TimeUnit.SECONDS), "SIGKILL stops qforge");
        assertEquals(137, run.exitValue(), "killed by SIGKILL, not finished, at " + kill);
    }

    /** Every stage that stages.json records has all its outputs; no report claims a finished run. */
    private static void assertOnlyCompleteStages(Path runDir, KillPoint kill) throws IOException {
        Path record = runDir.resolve("stages.json");
        JsonNode stages = Files.exists(record) ? SmallRun.JSON.readTree(record.toFile()) : SmallRun.JSON.createObjectNode();
        for (Iterator<String> it = stages.fieldNames(); it.hasNext(); ) {
            String stage = it.next();
            for (String output : OUTPUTS.get(stage)) {
                assertTrue(Files.isRegularFile(runDir.resolve(output)), "after a kill at " + kill + ", stage " + stage + " is recorded but "
                        + output + " is missing");
            }
        }
        assertFalse(Files.exists(runDir.resolve("report.html")), "no finished run's page after a kill at " + kill);
        for (String stage : List.of("quantized", "compiled")) {
            if (Files.exists(runDir.resolve(stage))) {
                assertTrue(stages.has(stage.equals("quantized") ? "quantize" : "compile"), stage + "/ is there only when its stage finished");
            }
        }
    }

    private static Process start(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Launcher.DIST.resolve("bin/qforge").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("QFORGE_PLUGINS_DIR");
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        return p;
    }

    private static BufferedReader reader(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }

    private static void await(BufferedReader lines, String marker) throws IOException {
        StringBuilder seen = new StringBuilder();
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.startsWith(marker)) {
                return;
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("the run ended before '" + marker + "':\n" + seen);
    }

    /**
     * Every file of a run folder, by relative path. Only how a run went may differ between two runs
     * of one config, never what it made: durations, whether each stage ran or was cached, and
     * whether the pretraining was reused; they are blanked in the JSON reports and the page that
     * embeds them.
     */
    private static Map<String, byte[]> contents(Path runDir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(runDir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                String name = runDir.relativize(p).toString();
                byte[] bytes = Files.readAllBytes(p);
                if (name.endsWith(".json") || name.endsWith(".html")) {
                    String text = new String(bytes, StandardCharsets.UTF_8)
                            .replaceAll("(\"\\w*seconds\"\\s*:\\s*)[-0-9.eE+]+", "$10")
                            .replaceAll("(\"(train|quantize|compile)\"\\s*:\\s*)\"(ran|cached)\"", "$1\"-\"")
                            .replaceAll("(\"reused\"\\s*:\\s*)(true|false)", "$1-");
                    bytes = text.getBytes(StandardCharsets.UTF_8);
                }
                files.put(name, bytes);
            }
        }
        return files;
    }

    private static void assertExit(int expected, Launcher.Result r) {
        assertEquals(expected, r.exitCode(), "exit code\nstdout:\n" + r.out() + "\nstderr:\n" + r.err());
    }
}
