package io.qforge.target.dpuczdx8g;

import io.qforge.api.backbone.Preprocessing;
import io.qforge.api.target.QuantizedModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What goes on the board: the class labels, meta.json (classes, the model's exact preprocessing:
 * size, resize or pad, grey to RGB, mean, std, RGB channel order and NHWC layout; the input's fix
 * position and round mode, and the dump files of the input and output tensors)
 * and a VART runner that classifies images and, with --dump, writes the board's input and output
 * integers where {@code qforge diff} compares them with the golden dumps. Its preprocessing is
 * tested against qforge's (engine's BoardRunnerPreprocessingTest, on this meta.json); its VART
 * calls cannot run here (no board) and are untested.
 */
final class DeployBundle {

    private DeployBundle() {}

    static String meta(QuantizedModel model, DpuConfiguration config) {
        Preprocessing p = model.preprocessing();
        String input = model.graph().inputs().get(0).name();
        return "{\n"
                + "  \"classes\": [" + model.classNames().stream().map(DeployBundle::quote).collect(Collectors.joining(", ")) + "],\n"
                + "  \"preprocessing\": {\"height\": " + p.height() + ", \"width\": " + p.width() + ", \"mean\": " + floats(p.mean())
                + ", \"std\": " + floats(p.std()) + ", \"resize\": " + quote(p.resize()) + ", \"grayscale_to_rgb\": " + p.grayscaleToRgb()
                + ", \"channel_order\": \"RGB\", \"layout\": \"NHWC\"},\n"
                + "  \"input_fix_pos\": " + Dpuczdx8gTarget.inputFixPosition(model) + ",\n"
                + "  \"input_round_mode\": " + quote(model.roundMode(input).name()) + ",\n"
                + "  \"dump_files\": {\"input\": " + quote(DpuIntegerModel.fixOpFile(input)) + ", \"output\": "
                + quote(DpuIntegerModel.fixOpFile(model.graph().outputs().get(0))) + "},\n"
                + "  \"target\": " + quote(config.describe()) + "\n"
                + "}\n";
    }

    static void write(Path dir, QuantizedModel model, String net) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("labels.txt"), String.join("\n", model.classNames()) + "\n", StandardCharsets.UTF_8);
        try (InputStream runner = DeployBundle.class.getResourceAsStream("run_on_board.py")) {
            String text = new String(runner.readAllBytes(), StandardCharsets.UTF_8).replace("@NET@", net);
            Files.writeString(dir.resolve("run_on_board.py"), text, StandardCharsets.UTF_8);
        }
    }

    private static String floats(List<Float> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%s", v)).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
