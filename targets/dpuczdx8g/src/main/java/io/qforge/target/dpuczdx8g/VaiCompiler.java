package io.qforge.target.dpuczdx8g;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Runs Xilinx's {@code vai_c_xir} through compile.sh when it is on the PATH; says so in one line when it is not. */
final class VaiCompiler {

    static final String PROGRAM = "vai_c_xir";

    private VaiCompiler() {}

    /** Runs compile.sh in {@code compiledDir} when {@code program}, the user's vai_c_xir, was found. */
    static String run(Path compiledDir, Optional<Path> program) throws IOException {
        if (program.isEmpty()) {
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
}
