package io.qforge.target.dpuczdx8g.xir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.qforge.api.target.QuantizedModel;
import io.qforge.target.dpuczdx8g.SmallNetFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XmodelRoundTripTest {

    @TempDir
    Path tmp;

    @Test
    void opsAttributesAndWeightsComeBackFromTheFile() throws Exception {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            QuantizedModel model = SmallNetFixture.model(manager);
            Path file = tmp.resolve("smallnet_int.xmodel");
            Files.write(file, XmodelWriter.write(model, "smallnet").toByteArray());
            XmodelReader.Xmodel x = XmodelReader.read(file);

            assertEquals(Map.of("data", 1, "fix", 13, "const", 6, "conv2d", 2, "relu", 2, "maxpool2d", 1, "add", 1, "avgpool2d", 1,
                    "reshape", 1, "matmul", 1), x.typeCounts());
            assertEquals(List.of("fc_fix"), x.returnOps());
            XirOp conv1 = x.op("conv1");
            assertEquals(List.of("input_fix"), conv1.args().get("input"));
            assertEquals(List.of("conv1.weight_fix"), conv1.args().get("weights"));
            assertEquals(List.of(3, 3), conv1.attrs().get("kernel"));
            assertEquals(List.of(2, 2), conv1.attrs().get("stride"));
            assertEquals(List.of(1, 1, 1, 1), conv1.attrs().get("pad"));
            assertEquals(8, conv1.intAttr("out_dim"));
            assertEquals(List.of(1, 8, 8, 8), conv1.dims(), "NHWC");
            assertEquals(List.of("conv2_fix", "pool_fix"), x.op("add").args().get("input"));
            assertEquals(true, x.op("gap").attrs().get("global"));

            XirOp inputFix = x.op("input_fix");
            assertEquals(model.quantParams().get("input").fixPosition(0).orElseThrow(), inputFix.intAttr("fix_point"));
            assertEquals("STD_ROUND", inputFix.attrs().get("round_mode"));
            assertEquals("DPU_ROUND", x.op("relu_fix").attrs().get("round_mode"));
            assertEquals(8, x.op("relu_fix").intAttr("bit_width"));
            assertEquals(true, x.op("relu_fix").attrs().get("if_signed"));

            XirOp weights = x.op("conv2.weight");
            assertEquals(List.of(8, 3, 3, 8), weights.attrs().get("shape"), "OHWI");
            float[] ohwi = model.parameters().get("conv2.weight").transpose(0, 2, 3, 1).toFloatArray();
            assertArrayEquals(ohwi, weights.floats());
            assertArrayEquals(model.parameters().get("fc.weight").toFloatArray(), x.op("fc.weight").floats());
        }
    }

    @Test
    void protocDecodesTheFileWithQforgesOwnProto() throws Exception {
        Path file = tmp.resolve("smallnet_int.xmodel");
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Files.write(file, XmodelWriter.write(SmallNetFixture.model(manager), "smallnet").toByteArray());
        }
        Path proto = Path.of("src/main/proto");
        assertTrue(Files.isExecutable(Path.of("/usr/bin/protoc")), "this test needs protoc: apt-get install protobuf-compiler "
                + "(scripts/install-prerequisites.sh does it)");
        Process p = new ProcessBuilder("/usr/bin/protoc", "--decode=serial_v2.Graph", "-I", proto.toString(), "xir_graph.proto")
                .redirectInput(file.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.startsWith("graph_name: \"smallnet\""), out.substring(0, Math.min(200, out.length())));
        assertTrue(out.contains("op_type: \"fix\"") && out.contains("key: \"fix_point\""), "fix ops decoded");
    }
}
