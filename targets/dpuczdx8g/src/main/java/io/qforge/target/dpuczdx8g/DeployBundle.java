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
 * What goes on the board: the class labels, meta.json (classes, preprocessing and the input's fix
 * position) and a minimal VART runner. The runner cannot run here (no board), so it is untested.
 */
final class DeployBundle {

    private DeployBundle() {}

    static String meta(QuantizedModel model, DpuConfiguration config) {
        Preprocessing p = model.preprocessing();
        return "{\n"
                + "  \"classes\": [" + model.classNames().stream().map(DeployBundle::quote).collect(Collectors.joining(", ")) + "],\n"
                + "  \"preprocessing\": {\"height\": " + p.height() + ", \"width\": " + p.width() + ", \"mean\": " + floats(p.mean())
                + ", \"std\": " + floats(p.std()) + ", \"layout\": \"NHWC\"},\n"
                + "  \"input_fix_pos\": " + Dpuczdx8gTarget.inputFixPosition(model) + ",\n"
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
