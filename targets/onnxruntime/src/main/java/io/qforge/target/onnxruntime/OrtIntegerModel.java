package io.qforge.target.onnxruntime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.target.IntegerModel;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The QDQ model as ONNX Runtime runs it: its int8 kernels (QLinearConv and friends, fused from
 * the QDQ pairs by the session's optimiser). To find where it parts from the simulation, a second
 * session exposes the integers of every quantized tensor.
 */
final class OrtIntegerModel implements IntegerModel, AutoCloseable {

    private final OrtSession session;
    private final byte[] exposing;
    private final Map<String, QuantParams> params;
    private final String name;
    private final int threads;
    private OrtSession tracing;

    /** {@code exposing} is the same model with the integers of every quantized tensor as extra outputs. */
    OrtIntegerModel(byte[] qdqModel, byte[] exposing, Map<String, QuantParams> params, String name, int threads) {
        this.name = name;
        this.exposing = exposing;
        this.params = params;
        this.threads = threads;
        this.session = OrtSessions.open(qdqModel, name, threads);
    }

    @Override
    public NDArray logits(NDArray input) {
        float[][] out = OrtSessions.run(session, input.toType(DataType.FLOAT32, false).toFloatArray(), input.getShape().getShape(), name);
        float[] flat = new float[out.length * out[0].length];
        for (int i = 0; i < out.length; i++) {
            System.arraycopy(out[i], 0, flat, i * out[0].length, out[0].length);
        }
        return input.getManager().create(flat, new Shape(out.length, out[0].length));
    }

    @Override
    public Map<String, NDArray> quantizedTensors(NDArray input) {
        if (tracing == null) {
            tracing = OrtSessions.open(exposing, name + " (exposing its integers)", threads);
        }
        Map<String, NDArray> out = new LinkedHashMap<>();
        Map<String, OrtSessions.Output> values = OrtSessions.runAll(tracing, input.toType(DataType.FLOAT32, false).toFloatArray(),
                input.getShape().getShape(), name);
        values.forEach((output, value) -> {
            if (output.endsWith(".quantized") && value.values() instanceof byte[] flat) {
                String tensor = output.substring(0, output.length() - ".quantized".length());
                QuantParams p = params.get(tensor);
                float[] real = new float[flat.length];
                for (int i = 0; i < flat.length; i++) {
                    int q = p.qmin() < 0 ? flat[i] : flat[i] & 0xff;
                    real[i] = (q - p.zeroPoint(0)) * p.scale(0);
                }
                out.put(tensor, input.getManager().create(real, new Shape(value.shape())));
            }
        });
        return out;
    }

    @Override
    public void close() throws OrtException {
        session.close();
        if (tracing != null) {
            tracing.close();
        }
    }
}
