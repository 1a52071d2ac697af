package io.qforge.target.onnxruntime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.qforge.api.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/** ONNX Runtime sessions with qforge's {@link OrtSessionOptions}, and batches through them; its errors name the file. */
final class OrtSessions {

    private OrtSessions() {}

    /** A session on the model in {@code bytes}; {@code name} says which model in errors (e.g. its file). */
    static OrtSession open(byte[] bytes, String name, int threads) {
        try {
            try (OrtSession.SessionOptions options = OrtSessionOptions.tuned(threads)) {
                return OrtEnvironment.getEnvironment().createSession(bytes, options);
            }
        } catch (OrtException e) {
            throw new InvalidInputException(name, "was refused by ONNX Runtime: " + e.getMessage()
                    + ". The node it names is the ONNX node of the same name (an IR node, or <tensor>.quantize/.dequantize)");
        }
    }

    /** One output: its values flattened (float[] or byte[] as its type is) and its shape. */
    record Output(Object values, long[] shape) {}

    /** Every float, int8 or uint8 output of a batch, by name. */
    static Map<String, Output> runAll(OrtSession session, float[] inputs, long[] shape, String name) {
        try (OnnxTensor x = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), FloatBuffer.wrap(inputs), shape);
                OrtSession.Result r = session.run(Map.of(session.getInputNames().iterator().next(), x))) {
            Map<String, Output> out = new LinkedHashMap<>();
            for (Map.Entry<String, OnnxValue> e : r) {
                OnnxTensor t = (OnnxTensor) e.getValue();
                switch (t.getInfo().type) {
                    case INT8, UINT8 -> {
                        java.nio.ByteBuffer bytes = t.getByteBuffer();
                        byte[] flat = new byte[bytes.remaining()];
                        bytes.get(flat);
                        out.put(e.getKey(), new Output(flat, t.getInfo().getShape()));
                    }
                    case FLOAT -> {
                        FloatBuffer floats = t.getFloatBuffer();
                        float[] flat = new float[floats.remaining()];
                        floats.get(flat);
                        out.put(e.getKey(), new Output(flat, t.getInfo().getShape()));
                    }
                    default -> { }
                }
            }
            return out;
        } catch (OrtException e) {
            throw new InvalidInputException(name, "failed in ONNX Runtime: " + e.getMessage());
        }
    }

    /** The logits of a batch of NCHW float inputs. */
    static float[][] run(OrtSession session, float[] inputs, long[] shape, String name) {
        try (OnnxTensor x = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), FloatBuffer.wrap(inputs), shape);
                OrtSession.Result r = session.run(Map.of(session.getInputNames().iterator().next(), x))) {
            return (float[][]) r.get(0).getValue();
        } catch (OrtException e) {
            throw new InvalidInputException(name, "failed in ONNX Runtime: " + e.getMessage());
        }
    }
}
