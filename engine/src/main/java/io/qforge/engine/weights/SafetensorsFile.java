package io.qforge.engine.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import io.qforge.onnx.HalfFloats;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * A safetensors file: an 8-byte little-endian header length n, n bytes of JSON naming each
 * tensor's dtype, shape and byte range, then the data. Every claim of the header is checked
 * against the file before anything is read, so a truncated or hostile file gives a clear error,
 * never an OutOfMemoryError.
 */
public final class SafetensorsFile {

    /** The format's own limit on the header, 100 MB. */
    static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;
    /** The largest tensor loaded: what one Java array can hold. */
    static final long MAX_TENSOR_BYTES = Integer.MAX_VALUE - 8;

    private static final Map<String, Integer> DTYPE_BYTES = Map.ofEntries(
            Map.entry("F64", 8), Map.entry("F32", 4), Map.entry("F16", 2), Map.entry("BF16", 2),
            Map.entry("I64", 8), Map.entry("I32", 4), Map.entry("I16", 2), Map.entry("I8", 1),
            Map.entry("U8", 1), Map.entry("BOOL", 1), Map.entry("U16", 2), Map.entry("U32", 4), Map.entry("U64", 8),
            Map.entry("F8_E4M3", 1), Map.entry("F8_E5M2", 1));

    private final Path file;
    private final long dataStart;
    private final Map<String, TensorEntry> entries;
    private final Map<String, String> metadata;

    private SafetensorsFile(Path file, long dataStart, Map<String, TensorEntry> entries, Map<String, String> metadata) {
        this.file = file;
        this.dataStart = dataStart;
        this.entries = entries;
        this.metadata = metadata;
    }

    /** Reads and checks the header of {@code file}. */
    public static SafetensorsFile open(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw bad(file, "is " + size + " bytes long, shorter than the 8-byte header length of a safetensors file");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lengthBytes, 0, file);
            long headerLength = lengthBytes.flip().getLong();
            if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || headerLength > size - 8) {
                throw bad(file, "declares a header of " + Long.toUnsignedString(headerLength) + " bytes, but the file has "
                        + (size - 8) + " bytes after the length and a header may have at most " + MAX_HEADER_BYTES
                        + ". The file is truncated or not a safetensors file");
            }
            // Checked against the file's size above, so this allocation is bounded by what is on disk.
            ByteBuffer header = ByteBuffer.allocate((int) headerLength);
            readFully(ch, header, 8, file);
            long dataSize = size - 8 - headerLength;
            Map<String, TensorEntry> entries = new LinkedHashMap<>();
            Map<String, String> metadata = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : SafetensorsHeader.parse(file, header.array()).entrySet()) {
                if (e.getKey().equals("__metadata__")) {
                    readMetadata(file, e.getValue(), metadata);
                } else {
                    entries.put(e.getKey(), entry(file, e.getKey(), e.getValue(), dataSize));
                }
            }
            refuseOverlaps(file, entries.values());
            return new SafetensorsFile(file, 8 + headerLength, entries, metadata);
        } catch (IOException e) {
            throw new WeightFileException(file.toString(), "cannot be read: " + e.getMessage(), e);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer into, long position, Path file) throws IOException {
        while (into.hasRemaining()) {
            if (ch.read(into, position + into.position()) < 0) {
                throw bad(file, "ends at byte " + (position + into.position()) + ", inside the part its header describes. The file is truncated");
            }
        }
    }

    private static void readMetadata(Path file, JsonNode node, Map<String, String> into) {
        if (!node.isObject()) {
            throw bad(file, "has a __metadata__ entry that is not an object of strings");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> m = it.next();
            if (!m.getValue().isTextual()) {
                throw bad(file, "has the __metadata__ key '" + m.getKey() + "' with a value that is not a string");
            }
            into.put(m.getKey(), m.getValue().asText());
        }
    }

    private static TensorEntry entry(Path file, String name, JsonNode e, long dataSize) {
        JsonNode dtype = e.get("dtype");
        JsonNode shape = e.get("shape");
        JsonNode offsets = e.get("data_offsets");
        if (!e.isObject() || dtype == null || !dtype.isTextual() || shape == null || !shape.isArray() || offsets == null
                || !offsets.isArray() || offsets.size() != 2) {
            throw bad(file, "tensor '" + name + "' needs dtype (a string), shape (a list) and data_offsets ([begin, end]) in the header");
        }
        Integer width = DTYPE_BYTES.get(dtype.asText());
        if (width == null) {
            throw bad(file, "tensor '" + name + "' has the unknown dtype '" + dtype.asText() + "'. Known: " + new TreeSet<>(DTYPE_BYTES.keySet()));
        }
        long[] dims = new long[shape.size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = wholeNumber(shape.get(i));
            if (dims[i] < 0) {
                throw bad(file, "tensor '" + name + "' has the shape " + shape + "; dimensions are whole numbers >= 0");
            }
        }
        long bytes = byteCount(file, name, dims, width);
        long begin = wholeNumber(offsets.get(0));
        long end = wholeNumber(offsets.get(1));
        if (begin < 0 || end < begin || end > dataSize) {
            throw bad(file, "tensor '" + name + "' claims bytes " + offsets + " of a data section of " + dataSize
                    + " bytes. Allowed: 0 <= begin <= end <= " + dataSize + "; the file is truncated or damaged");
        }
        if (end - begin != bytes) {
            throw bad(file, "tensor '" + name + "' of dtype " + dtype.asText() + " and shape " + shape + " needs " + bytes
                    + " bytes, but data_offsets " + offsets + " give " + (end - begin));
        }
        return new TensorEntry(name, dtype.asText(), new Shape(dims), begin, end);
    }

    /** A JSON whole number that fits a long, or -1 (which every caller refuses) for anything else. */
    private static long wholeNumber(JsonNode n) {
        return n.isIntegralNumber() && n.canConvertToLong() ? n.asLong() : -1;
    }

    /** The bytes a tensor of {@code dims} takes; a product beyond a long is refused, never wrapped. */
    private static long byteCount(Path file, String name, long[] dims, int width) {
        try {
            long bytes = width;
            for (long d : dims) {
                bytes = Math.multiplyExact(bytes, d);
            }
            return bytes;
        } catch (ArithmeticException overflow) {
            throw bad(file, "tensor '" + name + "' has the shape " + Arrays.toString(dims) + ", whose byte count does not fit in 64 bits."
                    + " The header is damaged");
        }
    }

    /** Two tensors may not share bytes: one would silently hold the other's values. */
    private static void refuseOverlaps(Path file, Collection<TensorEntry> entries) {
        List<TensorEntry> byBegin = new ArrayList<>(entries);
        byBegin.removeIf(t -> t.begin() == t.end());
        byBegin.sort(Comparator.comparingLong(TensorEntry::begin));
        for (int i = 1; i < byBegin.size(); i++) {
            TensorEntry before = byBegin.get(i - 1);
            TensorEntry after = byBegin.get(i);
            if (after.begin() < before.end()) {
                throw bad(file, "tensors '" + before.name() + "' (bytes [" + before.begin() + ", " + before.end() + "]) and '" + after.name()
                        + "' (bytes [" + after.begin() + ", " + after.end() + "]) overlap in the data section. Each tensor needs its own bytes");
            }
        }
    }

    private static WeightFileException bad(Path file, String message) {
        return new WeightFileException(file.toString(), message);
    }

    public Map<String, TensorEntry> entries() {
        return entries;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    /** Loads one tensor as float32; F32, F16 and BF16 are supported. */
    public NDArray load(TensorEntry entry, NDManager manager) {
        return manager.create(floats(entry), entry.shape());
    }

    /** One tensor's values as float32, in row-major order; F32, F16 and BF16 are supported. */
    public float[] floats(TensorEntry entry) {
        long byteCount = entry.end() - entry.begin();
        // A Java array holds at most 2^31 - 1 bytes; the header's sizes were checked against the file, not against that.
        if (byteCount > MAX_TENSOR_BYTES) {
            throw bad(file, "tensor '" + entry.name() + "' has " + byteCount + " bytes, more than the " + MAX_TENSOR_BYTES
                    + " qforge loads as one tensor");
        }
        int count = Math.toIntExact(entry.shape().size());
        float[] values = new float[count];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer bytes = ByteBuffer.allocate((int) byteCount).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, bytes, dataStart + entry.begin(), file);
            bytes.flip();
            switch (entry.dtype()) {
                case "F32" -> bytes.asFloatBuffer().get(values);
                case "F16" -> {
                    for (int i = 0; i < count; i++) {
                        values[i] = HalfFloats.float16(bytes.getShort());
                    }
                }
                case "BF16" -> {
                    for (int i = 0; i < count; i++) {
                        values[i] = HalfFloats.bfloat16(bytes.getShort());
                    }
                }
                default -> throw bad(file, "tensor '" + entry.name() + "' has dtype " + entry.dtype()
                        + "; weights must be F32, F16 or BF16");
            }
        } catch (IOException e) {
            throw new WeightFileException(file.toString(), "cannot be read: " + e.getMessage(), e);
        }
        return values;
    }
}
