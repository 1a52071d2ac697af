package com.example.qforge.edgenpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.qforge.api.InvalidInputException;
import io.qforge.api.backbone.Preprocessing;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.GraphInput;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Ops;
import io.qforge.api.graph.ParameterSpec;
import io.qforge.api.graph.Parameters;
import io.qforge.api.target.QuantizedModel;
import io.qforge.testkit.NDManagerPerClass;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The ONNX export turns the IR's XIR-ordered attributes into ONNX's: a conv with a 3-wide, 1-high
 * kernel, stride 2 across and padding left and right only, and a pool 1 wide and 2 high, exported
 * unquantized and run in ONNX Runtime, agree with the same ops in PyTorch.
 */
class QdqExportTest extends NDManagerPerClass {


    private static Graph graph(String poolOp) {
        return new Graph("oblong", List.of(new GraphInput("image", new Shape(3, 8, 8))), List.of(
                new Node("conv", Ops.CONV2D, List.of("image"), Map.of("weight", "conv.weight", "bias", "conv.bias"),
                        Map.of("kernel", List.of(3, 1), "stride", List.of(2, 1), "pad", List.of(1, 1, 0, 0), "dilation", List.of(1, 1), "group", 1)),
                new Node("relu", Ops.RELU, List.of("conv"), Map.of(), Map.of()),
                new Node("pool", poolOp, List.of("relu"), Map.of(), Map.of("kernel", List.of(1, 2), "stride", List.of(1, 2))),
                new Node("gap", Ops.GLOBAL_AVG_POOL, List.of("pool"), Map.of(), Map.of()),
                new Node("flatten", Ops.FLATTEN, List.of("gap"), Map.of(), Map.of("start_axis", 1, "end_axis", -1)),
                new Node("head", Ops.LINEAR, List.of("flatten"), Map.of("weight", "head.weight", "bias", "head.bias"), Map.of())),
                List.of("head"), List.of(
                        new ParameterSpec("conv.weight", new Shape(4, 3, 1, 3), "kaiming_normal_fan_out", true),
                        new ParameterSpec("conv.bias", new Shape(4), "zeros", true),
                        new ParameterSpec("head.weight", new Shape(2, 4), "linear_uniform", true),
                        new ParameterSpec("head.bias", new Shape(2), "zeros", true)));
    }

    private QuantizedModel floatModel(Graph graph) {
        Random random = new Random(3);
        Map<String, NDArray> values = new LinkedHashMap<>();
        for (ParameterSpec p : graph.parameters().values()) {
            float[] v = new float[(int) p.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) random.nextGaussian();
            }
            values.put(p.name(), manager().create(v, p.shape()));
        }
        Parameters parameters = new Parameters(values);
        return new QuantizedModel(graph, parameters, parameters, Map.of(), Map.of(), List.of("x", "y"),
                new Preprocessing(8, 8, List.of(0f, 0f, 0f), List.of(1f, 1f, 1f)));
    }

    @Test
    void xirOrderedAttributesBecomeOnnxOrderedOnes() throws Exception {
        QuantizedModel model = floatModel(graph(Ops.MAX_POOL2D));
        byte[] onnx = QdqExport.write(model);
        assertArrayEquals(onnx, QdqExport.write(model), "the same bytes each time");
        OnnxFile f = OnnxFile.parse(onnx);
        Map<String, Object> conv = f.node("conv").attributes();
        assertEquals(List.of(1L, 3L), conv.get("kernel_shape"), "(h, w)");
        assertEquals(List.of(1L, 2L), conv.get("strides"), "(h, w)");
        assertEquals(List.of(0L, 1L, 0L, 1L), conv.get("pads"), "(top, left, bottom, right)");
        assertEquals(List.of(2L, 1L), f.node("pool").attributes().get("kernel_shape"));

        NDArray x = manager().randomNormal(new Shape(5, 3, 8, 8));
        Parameters p = model.parameters();
        NDArray y = Conv2d.conv2d(x, p.get("conv.weight"), p.get("conv.bias"), new Shape(1, 2), new Shape(0, 1), new Shape(1, 1), 1)
                .singletonOrThrow().maximum(0f);
        y = Pool.maxPool2d(y, new Shape(2, 1), new Shape(2, 1), new Shape(0, 0), false);
        y = y.mean(new int[] {3}).mean(new int[] {2}).matMul(p.get("head.weight").transpose()).add(p.get("head.bias"));
        float[] expected = y.toFloatArray();

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions());
                OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.toFloatArray()), x.getShape().getShape());
                OrtSession.Result out = session.run(Map.of("image", in))) {
            float[][] logits = (float[][]) out.get("logits").orElseThrow().getValue();
            for (int i = 0; i < logits.length; i++) {
                for (int j = 0; j < 2; j++) {
                    assertEquals(expected[i * 2 + j], logits[i][j], 1e-4, "logit " + i + "," + j);
                }
            }
        }
    }

    @Test
    void anOpWithoutAnNpuEngineIsRefusedNamingTheNode() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> QdqExport.write(floatModel(graph(Ops.RELU6))));
        assertEquals("pool", e.location());
        assertTrue(e.getMessage().contains("relu6"), e.getMessage());
    }
}
