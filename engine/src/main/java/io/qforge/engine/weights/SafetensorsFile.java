package io.qforge.engine.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qforge.onnx.HalfFloats;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
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
            ch.read(lengthBytes, 0);
            long headerLength = lengthBytes.flip().getLong();
            if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || headerLength > size - 8) {
                throw bad(file, "declares a header of " + Long.toUnsignedString(headerLength) + " bytes, but the file has "
                        + (size - 8) + " bytes after the length and a header may have at most " + MAX_HEADER_BYTES
                        + ". The file is truncated or not a safetensors file");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLength);
            ch.read(header, 8);
            JsonNode root = parseHeader(file, header.array());
            long dataSize = size - 8 - headerLength;
            Map<String, TensorEntry> entries = new LinkedHashMap<>();
            Map<String, String> metadata = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("__metadata__")) {
                    e.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                    continue;
                }
                entries.put(e.getKey(), entry(file, e.getKey(), e.getValue(), dataSize));
            }
            return new SafetensorsFile(file, 8 + headerLength, entries, metadata);
        } catch (IOException e) {
            throw new WeightFileException(file.toString(), "cannot be read: " + e.getMessage(), e);
        }
    }

    private static JsonNode parseHeader(Path file, byte[] header) {
        try {
            JsonNode root = new ObjectMapper().readTree(header);
            if (root == null || !root.isObject()) {
                throw bad(file, "has a header that is not a JSON object. The file is not a safetensors file");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw bad(file, "has a header that is not valid JSON (" + e.getOriginalMessage() + "). The file is not a safetensors file or is damaged");
        } catch (IOException e) {
            throw bad(file, "has an unreadable header: " + e.getMessage());
        }
    }

    private static TensorEntry entry(Path file, String name, JsonNode e, long dataSize) {
        JsonNode dtype = e.get("dtype");
        JsonNode shape = e.get("shape");
        JsonNode offsets = e.get("data_offsets");
        if (dtype == null || !dtype.isTextual() || shape == null || !shape.isArray() || offsets == null
                || !offsets.isArray() || offsets.size() != 2) {
            throw bad(file, "tensor '" + name + "' needs dtype (a string), shape (a list) and data_offsets ([begin, end]) in the header");
        }
        Integer width = DTYPE_BYTES.get(dtype.asText());
        if (width == null) {
            throw bad(file, "tensor '" + name + "' has the unknown dtype '" + dtype.asText() + "'. Known: " + new TreeSet<>(DTYPE_BYTES.keySet()));
        }
        long[] dims = new long[shape.size()];
        long count = 1;
        for (int i = 0; i < dims.length; i++) {
            if (!shape.get(i).canConvertToLong() || shape.get(i).asLong() < 0) {
                throw bad(file, "tensor '" + name + "' has the shape " + shape + "; dimensions are whole numbers >= 0");
            }
            dims[i] = shape.get(i).asLong();
            count = Math.multiplyExact(count, dims[i]);
        }
        long begin = offsets.get(0).asLong(-1);
        long end = offsets.get(1).asLong(-1);
        if (begin < 0 || end < begin || end > dataSize) {
            throw bad(file, "tensor '" + name + "' claims bytes " + offsets + " of a data section of " + dataSize
                    + " bytes. The file is truncated or damaged");
        }
        if (end - begin != count * width) {
            throw bad(file, "tensor '" + name + "' of dtype " + dtype.asText() + " and shape " + shape + " needs " + count * width
                    + " bytes, but data_offsets " + offsets + " give " + (end - begin));
        }
        return new TensorEntry(name, dtype.asText(), new Shape(dims), begin, end);
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
        int count = Math.toIntExact(entry.shape().size());
        float[] values = new float[count];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(entry.end() - entry.begin())).order(ByteOrder.LITTLE_ENDIAN);
            while (bytes.hasRemaining()) {
                if (ch.read(bytes, dataStart + entry.begin() + bytes.position()) < 0) {
                    throw bad(file, "ends inside tensor '" + entry.name() + "'");
                }
            }
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
        return manager.create(values, entry.shape());
    }
}
