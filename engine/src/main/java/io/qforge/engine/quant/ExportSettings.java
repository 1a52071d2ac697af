package io.qforge.engine.quant;

import io.qforge.api.target.QuantizedModel;

/**
 * {@code quantized/export.json}: the settings of the quantization config that only a target's
 * export reads, kept with the quantized model so that {@code qforge compile} honours them
 * without the config.
 *
 * @param onnxOpsetVersion Vitis AI's {@code onnx_opset_version}
 */
record ExportSettings(int onnxOpsetVersion) {

    static final String FILE = "export.json";

    /** What a quantized folder written before this file existed was exported with. */
    static final ExportSettings DEFAULTS = new ExportSettings(QuantizedModel.DEFAULT_ONNX_OPSET);

    static ExportSettings of(QuantizedModel model) {
        return new ExportSettings(model.onnxOpsetVersion());
    }
}
