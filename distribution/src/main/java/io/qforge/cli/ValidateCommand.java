package io.qforge.cli;

import io.qforge.engine.config.ConfigLoader;
import io.qforge.engine.config.ValidatedConfig;
import io.qforge.engine.config.json.StrictJson;
import io.qforge.engine.config.vitis.ResolvedQuantizeConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code qforge validate CONFIG}: checks a run config or a Vitis AI int8_config.json and prints it
 * with every default filled in (to stdout), or lists every problem (to stderr) and exits 2.
 */
@Command(name = "validate",
        description = {"Check a run config or a Vitis AI int8_config.json.",
            "Prints the resolved config, with every default filled in, to stdout."})
final class ValidateCommand implements Callable<Integer> {

    @ParentCommand
    QforgeCli root;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CONFIG", description = "The config file.")
    Path config;

    @Override
    public Integer call() throws Exception {
        ValidatedConfig validated = root.startEngine().get(ConfigLoader.class).load(config);
        PrintWriter out = spec.commandLine().getOut();
        out.println(StrictJson.mapper().writeValueAsString(validated.withDefaults()));
        out.flush();
        String kind = validated.isRunConfig() ? "run config" : "Vitis AI quantization config";
        ResolvedQuantizeConfig q = validated.quantization();
        PrintWriter err = spec.commandLine().getErr();
        q.adjustments().forEach(note -> err.println("note: " + note));
        err.println(config + ": valid " + kind + " (defaults and rules of target " + q.defaultsFrom().name()
                + (q.targetDevice() == null ? "" : ", target_device " + q.targetDevice())
                + q.runTarget().map(t -> "; for target " + t.name()).orElse("") + ")");
        return 0;
    }
}
