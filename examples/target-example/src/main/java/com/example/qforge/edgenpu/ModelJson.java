package com.example.qforge.edgenpu;

import io.qforge.api.backbone.Preprocessing;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.target.QuantizedModel;
import java.util.List;
import java.util.stream.Collectors;

/**
 * model.json, what an application on the NPU needs beside the model: the class names, how to
 * preprocess an image, and the input's scale and zero point for feeding it uint8 directly.
 *
 * <p>Example: {@code {"model": "model_qdq.onnx", "classes": ["cat", "dog"], "preprocessing":
 * {"height": 224, ...}, "input": "input", "input_scale": 0.0186, "input_zero_point": 114, ...}}.
 */
final class ModelJson {

    static final String FILE = "model.json";

    private ModelJson() {}

    static String of(QuantizedModel model) {
        String input = model.graph().inputs().get(0).name();
        QuantParams in = model.quantParams().get(input);
        Preprocessing p = model.preprocessing();
        StringBuilder b = new StringBuilder("{\n");
        b.append("  \"target\": ").append(string(EdgeNpuTarget.NAME)).append(",\n");
        b.append("  \"model\": ").append(string(QdqExport.FILE)).append(",\n");
        b.append("  \"classes\": [").append(model.classNames().stream().map(ModelJson::string).collect(Collectors.joining(", "))).append("],\n");
        b.append("  \"preprocessing\": {\"height\": ").append(p.height()).append(", \"width\": ").append(p.width())
                .append(", \"mean\": ").append(numbers(p.mean())).append(", \"std\": ").append(numbers(p.std()))
                .append(", \"layout\": \"NCHW\"},\n");
        b.append("  \"input\": ").append(string(input)).append(",\n");
        if (in != null) {
            b.append("  \"input_scale\": ").append(in.scale(0)).append(",\n");
            b.append("  \"input_zero_point\": ").append(in.zeroPoint(0)).append(",\n");
            b.append("  \"input_dtype\": ").append(string(in.qmin() < 0 ? "int8" : "uint8")).append(",\n");
        }
        b.append("  \"output\": ").append(string(QdqExport.OUTPUT)).append("\n}\n");
        return b.toString();
    }

    private static String numbers(List<Float> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String string(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
