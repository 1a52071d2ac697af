package io.qforge.engine.compile;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.target.IntegerModel;
import io.qforge.api.target.QuantizedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Golden per-layer dumps for a board to be checked against: for each of a few test images, one
 * raw file per quantized tensor with its integers (one byte each, as the DPU's int8 and uint8
 * tensors are), in the target's dump layout and file names ({@link IntegerModel#dumpFile}), as
 * the target's integer model computes them; and {@code manifest.json}, the tensors in graph order
 * with their shapes and grids, which {@code qforge diff} reads. Folders: {@code golden/0/},
 * {@code golden/1/}, ...
 */
public final class GoldenDump {

    public static final String DIR = "golden";
    public static final String MANIFEST = "manifest.json";

    /** One dumped tensor: its file, its shape in the dump's layout, its scale and zero point, and whether its bytes are signed. */
    public record Entry(String tensor, String file, List<Long> shape, float scale, long zeroPoint, boolean signed) {}

    /** What {@code manifest.json} holds. */
    public record Manifest(int images, boolean channelsLast, List<Entry> tensors) {}

    private GoldenDump() {}

    /** Writes the dumps of {@code images} (a preprocessed batch) under {@code dir}; returns the manifest. */
    public static Manifest write(IntegerModel integer, QuantizedModel model, NDArray images, Path dir) throws IOException {
        Map<String, NDArray> tensors = integer.quantizedTensors(images);
        int n = (int) images.getShape().get(0);
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, NDArray> t : tensors.entrySet()) {
            QuantParams p = model.quantParams().get(t.getKey());
            if (p == null || !p.isPerTensor() || p.qmin() < -128 || p.qmax() > 255) {
                continue; // only 8-bit, per-tensor activations are dumped, as on the board
            }
            Shape s = t.getValue().getShape();
            boolean channelsLast = integer.dumpsChannelsLast() && s.dimension() == 4;
            List<Long> shape = new ArrayList<>();
            for (int d = 1; d < s.dimension(); d++) {
                shape.add(s.get(d));
            }
            if (channelsLast) {
                shape = List.of(s.get(2), s.get(3), s.get(1));
            }
            Entry entry = new Entry(t.getKey(), integer.dumpFile(t.getKey()), shape, p.scale(0), p.zeroPoint(0), p.qmin() < 0);
            entries.add(entry);
            float[] values = t.getValue().toFloatArray();
            int per = values.length / n;
            for (int i = 0; i < n; i++) {
                Path file = dir.resolve(Integer.toString(i)).resolve(entry.file());
                Files.createDirectories(file.getParent());
                Files.write(file, bytes(values, i * per, per, entry, channelsLast ? s : null));
            }
        }
        Manifest manifest = new Manifest(n, integer.dumpsChannelsLast(), entries);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve(MANIFEST).toFile(), manifest);
        return manifest;
    }

    /** The integers of one image's tensor, q = round(real / scale) + zero point, as bytes; reordered to (H, W, C) when {@code nchw} is given. */
    private static byte[] bytes(float[] values, int from, int count, Entry e, Shape nchw) {
        byte[] out = new byte[count];
        for (int k = 0; k < count; k++) {
            int at = k;
            if (nchw != null) {
                long c = nchw.get(1);
                long h = nchw.get(2);
                long w = nchw.get(3);
                long channel = k / (h * w);
                long pixel = k % (h * w);
                at = (int) (pixel * c + channel);
            }
            out[at] = (byte) (Math.round(values[from + k] / e.scale()) + e.zeroPoint());
        }
        return out;
    }
}
