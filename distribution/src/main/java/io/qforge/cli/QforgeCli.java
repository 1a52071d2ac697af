package io.qforge.cli;

import io.qforge.api.InvalidInputException;
import io.qforge.engine.Engine;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code qforge} command. Exit codes: 0 success, 2 bad input, 1 internal error. */
@Command(
        name = "qforge",
        mixinStandardHelpOptions = true,
        scope = CommandLine.ScopeType.INHERIT,
        versionProvider = VersionProvider.class,
        description = "Transfer learning, Vitis-AI-compatible int8 quantization and edge compilation.",
        subcommands = {PluginsCommand.class, ValidateCommand.class, SummaryCommand.class, TrainCommand.class, QuantizeCommand.class, InspectCommand.class,
            CompileCommand.class, AnalyzeCommand.class, TuneCommand.class, DiffCommand.class, RunCommand.class, SchemaCommand.class,
            CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:internal error", "2:bad input (config, weights, dataset, plugin jar, usage)",
            "3:qforge diff: the board's dump differs from the golden one"})
public final class QforgeCli {

    static final int BAD_INPUT = 2;
    static final int INTERNAL_ERROR = 1;

    @Option(names = "--plugins-dir", paramLabel = "DIR", scope = CommandLine.ScopeType.INHERIT,
            description = "Folder of third-party plugin jars (default: $QFORGE_PLUGINS_DIR, else the distribution's plugins/).")
    Path pluginsDir;

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT, description = "Print stack traces of internal errors.")
    boolean debug;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code. */
    public static int run(String... args) {
        QforgeCli root = new QforgeCli();
        CommandLine cli = new CommandLine(root);
        for (CommandExtension extension : ServiceLoader.load(CommandExtension.class, QforgeCli.class.getClassLoader())) {
            cli.addSubcommand(extension.name(), extension.command());
        }
        if (!cli.getSubcommands().containsKey("sweep")) {
            cli.addSubcommand("sweep", new MissingAddOnCommand());
        }
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof InvalidInputException) {
                commandLine.getErr().println("qforge: " + tidy(e.getMessage()));
                if (root.debug && e.getCause() != null) {
                    e.getCause().printStackTrace(commandLine.getErr());
                }
                return BAD_INPUT;
            }
            if (e instanceof FileSystemException f) {
                // A path the user gave that cannot be made or read: too long, not a folder, no permission.
                commandLine.getErr().println("qforge: " + f.getFile() + ": " + (f.getReason() != null ? f.getReason()
                        : "cannot be created or read") + (f.getOtherFile() != null ? " (" + f.getOtherFile() + ")" : ""));
                return BAD_INPUT;
            }
            if (e instanceof InvalidPathException p) {
                commandLine.getErr().println("qforge: '" + p.getInput().replace("\0", "\\0") + "' is not a path on this system: " + p.getReason());
                return BAD_INPUT;
            }
            commandLine.getErr().println("qforge: internal error: " + e
                    + (root.debug ? "" : " (run again with --debug for the stack trace, and report it)"));
            if (root.debug) {
                e.printStackTrace(commandLine.getErr());
            }
            return INTERNAL_ERROR;
        });
        return cli.execute(args);
    }

    private static final Pattern DOUBLED_STOP = Pattern.compile("[;:,]\\s*\\.(?=\\s|$)");

    /** A message with the punctuation that joined sentences can leave, such as ";.", made one full stop. */
    static String tidy(String message) {
        return DOUBLED_STOP.matcher(message).replaceAll(".");
    }

    /** Starts the engine with the built-in plugins and the plugins folder. */
    public Engine startEngine() {
        return Engine.start(resolvePluginsDir());
    }

    private Path resolvePluginsDir() {
        if (pluginsDir != null) {
            return requireFolder(pluginsDir, "--plugins-dir");
        }
        String env = System.getenv("QFORGE_PLUGINS_DIR");
        if (env != null && !env.isBlank()) {
            return requireFolder(Path.of(env), "QFORGE_PLUGINS_DIR");
        }
        String home = System.getProperty("qforge.home");
        return home == null ? null : Path.of(home, "plugins");
    }

    private static Path requireFolder(Path dir, String source) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException(source, dir + " is not a folder. Give a folder of plugin jars");
        }
        return dir;
    }
}
