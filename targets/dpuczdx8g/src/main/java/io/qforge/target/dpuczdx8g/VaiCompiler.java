package io.qforge.target.dpuczdx8g;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs Xilinx's {@code vai_c_xir} through compile.sh when it is on the PATH; says so in one line when it is not. */
final class VaiCompiler {

    private VaiCompiler() {}

    static String run(Path compiledDir) throws IOException {
        if (!onPath("vai_c_xir")) {
            return "vai_c_xir is not on the PATH; run " + compiledDir.resolve("compile.sh") + " where Vitis AI is installed";
        }
        Process p = new ProcessBuilder("sh", compiledDir.resolve("compile.sh").toString()).redirectErrorStream(true)
                .redirectOutput(compiledDir.resolve("vai_c_xir.log").toFile()).start();
        try {
            int exit = p.waitFor();
            return exit == 0 ? "vai_c_xir compiled the model; its log is " + compiledDir.resolve("vai_c_xir.log")
                    : "vai_c_xir failed with exit code " + exit + "; see " + compiledDir.resolve("vai_c_xir.log");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while vai_c_xir ran", e);
        }
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
