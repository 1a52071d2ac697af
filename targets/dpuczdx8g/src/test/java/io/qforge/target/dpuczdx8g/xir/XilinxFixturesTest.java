package io.qforge.target.dpuczdx8g.xir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** qforge's reader on two xmodels written by Xilinx's own tools (../shared/fixtures/xilinx; skipped where absent). */
class XilinxFixturesTest {

    private static final Path FIXTURES = Path.of("../../../shared/fixtures/xilinx");

    /** The fixture, or a skip that says why on stderr (CI has ../shared, and scripts/check-no-skipped-tests.sh fails on any skip). */
    private static Path fixture(String name) {
        Path file = FIXTURES.resolve(name);
        assumeTrue(Files.exists(file), () -> {
            String why = "SKIPPED XilinxFixturesTest: " + FIXTURES + " is absent (CI has it)";
            System.err.println(why);
            return why;
        });
        return file;
    }

    @Test
    void readsTheQuantizedGraphVaiQPytorchWrote() throws Exception {
        Path file = fixture("VoxelNet_int.xmodel");
        XmodelReader.Xmodel x = XmodelReader.read(file);
        var counts = x.typeCounts();
        assertEquals(70, counts.get("fix"));
        assertEquals(46, counts.get("const"));
        assertEquals(20, counts.get("conv2d"));
        assertEquals(20, counts.get("relu"));
        assertEquals(3, counts.get("transposed-conv2d"));
        assertEquals(2, counts.get("data"));
        XirOp weights = x.op("VoxelNet__voxel_feature_extractor_pfn_layers_0_conv_weight");
        assertEquals("float32", weights.attrs().get("data_type"));
        assertEquals(List.of(64, 1, 1, 4), weights.attrs().get("shape"), "OHWI");
        assertEquals(64 * 4, weights.floats().length);
        XirOp fix = x.op("VoxelNet__input_0_fix");
        assertEquals("DPU_ROUND", fix.attrs().get("round_mode"));
        assertEquals(8, fix.intAttr("bit_width"));
    }

    @Test
    void readsTheFingerprintOfACompiledGraph() throws Exception {
        Path file = fixture("tf2_custom_op_kv260.xmodel");
        assertEquals(Set.of(0x101000056010407L), XmodelReader.read(file).dpuFingerprints());
    }
}
