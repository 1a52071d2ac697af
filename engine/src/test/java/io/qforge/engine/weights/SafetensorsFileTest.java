package io.qforge.engine.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.qforge.api.backbone.Preprocessing;
import io.qforge.api.graph.Parameters;
import io.qforge.engine.fixtures.PyTorchManager;
import io.qforge.onnx.HalfFloats;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsFileTest {

    @TempDir
    Path tmp;

    @RegisterExtension
    final PyTorchManager arrays = new PyTorchManager();

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = arrays.get();
    }

    /** A file with the given header text and data bytes, length prefix computed unless given. */
    private Path file(String header, int dataBytes, Long declaredLength) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(declaredLength != null ? declaredLength : h.length).put(h);
        return Files.write(tmp.resolve("t.safetensors"), b.array());
    }

    private String error(Path file) {
        return assertThrows(WeightFileException.class, () -> SafetensorsFile.open(file)).getMessage();
    }

    @Test
    void writerAndReaderRoundTripAndTheBytesAreDeterministic() throws Exception {
        Map<String, NDArray> tensors = Map.of(
                "b.bias", manager.create(new float[] {1.5f, -2f}),
                "a.weight", manager.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3)));
        Path first = tmp.resolve("first.safetensors");
        Path second = tmp.resolve("second.safetensors");
        // The metadata in two insertion orders, as two JVMs' Map.of may iterate it: the same bytes.
        Map<String, String> oneOrder = new LinkedHashMap<>();
        oneOrder.put("producer", "qforge");
        oneOrder.put("backbone", "resnet18");
        Map<String, String> otherOrder = new LinkedHashMap<>();
        otherOrder.put("backbone", "resnet18");
        otherOrder.put("producer", "qforge");
        SafetensorsWriter.write(first, tensors, oneOrder);
        SafetensorsWriter.write(second, tensors, otherOrder);
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
        SafetensorsFile st = SafetensorsFile.open(first);
        assertEquals(List.of("a.weight", "b.bias"), List.copyOf(st.entries().keySet()));
        assertEquals("qforge", st.metadata().get("producer"));
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, st.load(st.entries().get("a.weight"), manager).toFloatArray());
        long headerLength = ByteBuffer.wrap(Files.readAllBytes(first), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8, "header padded to 8 bytes");
        try (var files = Files.list(tmp)) {
            assertEquals(2, files.count(), "no temporary files left");
        }
    }

    @Test
    void truncatedFileIsNamed() throws Exception {
        Path f = Files.write(tmp.resolve("short.safetensors"), new byte[] {1, 2, 3});
        assertEquals(f + ": is 3 bytes long, shorter than the 8-byte header length of a safetensors file", error(f));
    }

    @Test
    void oversizedHeaderLengthFailsWithoutAllocatingIt() throws Exception {
        String e = error(file("{}", 0, Long.MAX_VALUE));
        assertTrue(e.contains("declares a header of 9223372036854775807 bytes"), e);
        String negative = error(file("{}", 0, -1L));
        assertTrue(negative.contains("declares a header of 18446744073709551615 bytes"), negative);
    }

    @Test
    void garbageHeaderIsNotJson() throws Exception {
        assertTrue(error(file("not json at all", 0, null)).contains("has a header that is not valid JSON"));
        assertTrue(error(file("[1, 2]", 0, null)).contains("has a header that is not a JSON object"));
    }

    @Test
    void offsetsOutsideTheDataAreRejected() throws Exception {
        String e = error(file("{\"w\": {\"dtype\": \"F32\", \"shape\": [4], \"data_offsets\": [0, 16]}}", 8, null));
        assertTrue(e.contains("tensor 'w' claims bytes [0,16] of a data section of 8 bytes"), e);
    }

    @Test
    void byteCountMustMatchDtypeAndShape() throws Exception {
        String e = error(file("{\"w\": {\"dtype\": \"F32\", \"shape\": [3], \"data_offsets\": [0, 8]}}", 8, null));
        assertTrue(e.contains("tensor 'w' of dtype F32 and shape [3] needs 12 bytes, but data_offsets [0,8] give 8"), e);
    }

    @Test
    void overlappingTensorsAreRefusedNamingBoth() throws Exception {
        String e = error(file("{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]},"
                + " \"b\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [4, 12]}}", 12, null));
        assertTrue(e.contains("tensors 'a' (bytes [0, 8]) and 'b' (bytes [4, 12]) overlap in the data section"), e);
    }

    @Test
    void emptyTensorsOverlapNothing() throws Exception {
        Path f = file("{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]},"
                + " \"none\": {\"dtype\": \"F32\", \"shape\": [0], \"data_offsets\": [4, 4]}}", 8, null);
        assertEquals(List.of("a", "none"), List.copyOf(SafetensorsFile.open(f).entries().keySet()));
    }

    @Test
    void aTensorNamedTwiceIsRefusedByName() throws Exception {
        String e = error(file("{\"w\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]},"
                + " \"w\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [4, 8]}}", 8, null));
        assertTrue(e.contains("names the tensor 'w' twice in its header"), e);
    }

    @Test
    void aKeyTwiceInsideATensorIsRefused() throws Exception {
        String e = error(file("{\"w\": {\"dtype\": \"F32\", \"dtype\": \"F16\", \"shape\": [1], \"data_offsets\": [0, 4]}}", 4, null));
        assertTrue(e.contains("not valid JSON inside the entry of tensor 'w' (at byte "), e);
    }

    @Test
    void aShapeWhoseByteCountOverflowsIsRefusedByName() throws Exception {
        String e = error(file("{\"huge\": {\"dtype\": \"F32\", \"shape\": [4294967296, 4294967296], \"data_offsets\": [0, 4]}}", 4, null));
        assertTrue(e.contains("tensor 'huge' has the shape [4294967296, 4294967296], whose byte count does not fit in 64 bits"), e);
    }

    @Test
    void offsetsAndDimensionsMustBeWholeNumbers() throws Exception {
        String offsets = error(file("{\"w\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [\"0\", 4]}}", 4, null));
        assertTrue(offsets.contains("tensor 'w' claims bytes [\"0\",4]"), offsets);
        String dims = error(file("{\"w\": {\"dtype\": \"F32\", \"shape\": [1.5], \"data_offsets\": [0, 4]}}", 4, null));
        assertTrue(dims.contains("tensor 'w' has the shape [1.5]; dimensions are whole numbers >= 0"), dims);
    }

    @Test
    void malformedJsonIsDescribedWithoutTheParsersWords() throws Exception {
        String e = error(file("{\"w\": {\"dtype\": F32}}", 0, null));
        assertEquals(tmp.resolve("t.safetensors") + ": has a header that is not valid JSON inside the entry of tensor 'w' (at byte 24 of the file)."
                + " The file is not a safetensors file or is damaged", e);
    }

    @Test
    void unknownDtypeIsListed() throws Exception {
        String e = error(file("{\"w\": {\"dtype\": \"F12\", \"shape\": [1], \"data_offsets\": [0, 2]}}", 2, null));
        assertTrue(e.contains("tensor 'w' has the unknown dtype 'F12'"), e);
    }

    @Test
    void integerTensorsCannotBeWeights() throws Exception {
        Path f = file("{\"n\": {\"dtype\": \"I64\", \"shape\": [1], \"data_offsets\": [0, 8]}}", 8, null);
        SafetensorsFile st = SafetensorsFile.open(f);
        String e = assertThrows(WeightFileException.class, () -> st.load(st.entries().get("n"), manager)).getMessage();
        assertTrue(e.contains("tensor 'n' has dtype I64; weights must be F32, F16 or BF16"), e);
    }

    @Test
    void halfFloatsDecodeExactly() {
        assertEquals(1.0f, HalfFloats.float16((short) 0x3c00));
        assertEquals(-2.0f, HalfFloats.float16((short) 0xc000));
        assertEquals(0x1p-24f, HalfFloats.float16((short) 0x0001));
        assertEquals(65504f, HalfFloats.float16((short) 0x7bff));
        assertEquals(Float.POSITIVE_INFINITY, HalfFloats.float16((short) 0x7c00));
        assertTrue(Float.isNaN(HalfFloats.float16((short) 0x7e00)));
        assertEquals(1.0f, HalfFloats.bfloat16((short) 0x3f80));
        assertEquals(-0.5f, HalfFloats.bfloat16((short) 0xbf00));
    }

    @Test
    void checkpointWritesWeightsAndMetadata() throws Exception {
        Parameters p = new Parameters(Map.of("fc.weight", manager.create(new float[] {1, 2}, new Shape(1, 2))));
        CheckpointMetadata meta = new CheckpointMetadata("resnet18", List.of("sandal", "shirt"),
                new Preprocessing(32, 32, List.of(0.5f), List.of(0.25f)), Map.of("test_accuracy", 0.9));
        Path weights = Checkpoints.write(tmp, "best", p, meta);
        assertEquals(tmp.resolve("best.safetensors"), weights);
        assertEquals(meta, Checkpoints.readMetadata(weights));
        SafetensorsFile st = SafetensorsFile.open(weights);
        assertEquals("resnet18", st.metadata().get("backbone"));
        assertTrue(Arrays.equals(new float[] {1, 2}, st.load(st.entries().get("fc.weight"), manager).toFloatArray()));
    }
}
