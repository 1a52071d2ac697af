package io.qforge.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's headless Chromium, driven from the command line: a report page's rendered DOM and its screenshot. */
final class ReportBrowser {

    private ReportBrowser() {}

    static Path chromium() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        throw new IllegalStateException("no chromium: install Debian's chromium package (scripts/install-prerequisites.sh does)");
    }

    /** The page's DOM after its scripts ran. */
    static String renderedDom(Path page) throws IOException, InterruptedException {
        Path out = Files.createTempFile("qforge-dom", ".html");
        try {
            run(List.of(chromium().toString(), "--headless=new", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=5000", "--dump-dom",
                    page.toUri().toString()), out);
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** A screenshot of the page, through the repository's script, as a user makes one. */
    static void screenshot(Path repo, Path page, Path png) throws IOException, InterruptedException {
        run(List.of(repo.resolve("scripts/report-screenshot.sh").toString(), page.toString(), png.toString()), null);
    }

    private static void run(List<String> command, Path stdout) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.redirectOutput(stdout != null ? ProcessBuilder.Redirect.to(stdout.toFile()) : ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("exit " + p.exitValue() + ": " + command);
        }
    }
}
