package io.qforge.cli;

import io.qforge.api.Backbone;
import io.qforge.api.InvalidInputException;
import io.qforge.api.backbone.BackboneSpec;
import io.qforge.engine.plugin.ConfiguredBackbones;
import io.qforge.engine.summary.ModelSummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code qforge summary}: the torchsummary table of a backbone for an input shape. */
@Command(name = "summary", description = "Print the torchsummary-style table of a backbone: layers, output shapes, parameters, sizes.")
final class SummaryCommand implements Callable<Integer> {

    @ParentCommand
    QforgeCli root;

    @Spec
    CommandSpec spec;

    @Option(names = "--backbone", required = true, paramLabel = "NAME", description = "A backbone plugin, e.g. resnet18.")
    String backbone;

    @Option(names = "--input", defaultValue = "3x224x224", paramLabel = "CxHxW", description = "Input shape without the batch (default: ${DEFAULT-VALUE}).")
    String input;

    @Option(names = "--classes", defaultValue = "1000", paramLabel = "N", description = "Classes of the head (default: ${DEFAULT-VALUE}).")
    int classes;

    @Option(names = "--option", paramLabel = "KEY=VALUE", description = "An option of the backbone, as in a config's backbone object, "
            + "e.g. --option path=model.onnx for the onnx backbone. Repeat it for more.")
    Map<String, String> options = new LinkedHashMap<>();

    @Override
    public Integer call() {
        Map<String, Object> values = new LinkedHashMap<>();
        // As in a config, a path option means a file; here relative to the working folder.
        options.forEach((key, value) -> values.put(key, key.equals("path") || key.endsWith("_path") ? Path.of(value).toAbsolutePath().normalize().toString() : value));
        Backbone b = root.startEngine().get(ConfiguredBackbones.class).get(backbone, values, "--backbone");
        int[] chw = parseShape(input);
        if (classes < 1) {
            throw new InvalidInputException("--classes", classes + " is not a class count. Allowed: 1 or more");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(ModelSummary.of(b.build(new BackboneSpec(classes, chw[0], chw[1], chw[2]))).render());
        out.flush();
        return 0;
    }

    static int[] parseShape(String text) {
        String[] parts = text.toLowerCase(Locale.ROOT).split("x");
        if (parts.length == 3) {
            try {
                int[] chw = {Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2])};
                if (chw[0] > 0 && chw[1] > 0 && chw[2] > 0) {
                    return chw;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new InvalidInputException("--input", "'" + text + "' is not a shape. Allowed: CxHxW with positive whole numbers, e.g. 3x224x224");
    }
}
