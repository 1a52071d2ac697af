package io.qforge.engine.weights;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON header of a safetensors file, read entry by entry so that a tensor named twice is
 * refused by name (a plain tree read would keep the last one silently). Malformed JSON is reported
 * with its byte offset in the file, in qforge's words rather than the JSON library's.
 */
final class SafetensorsHeader {

    /** Where the header starts in the file: after its 8-byte length. */
    private static final int HEADER_OFFSET = 8;

    private static final JsonMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private SafetensorsHeader() {}

    /** The header's top-level entries in file order: tensor names (and {@code __metadata__}) to their objects. */
    static Map<String, JsonNode> parse(Path file, byte[] header) {
        Map<String, JsonNode> entries = new LinkedHashMap<>();
        String name = null;
        try (JsonParser p = JSON.createParser(header)) {
            p.disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw bad(file, "has a header that is not a JSON object. The file is not a safetensors file");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                name = p.currentName();
                if (entries.containsKey(name)) {
                    throw bad(file, "names the tensor '" + name + "' twice in its header. Each tensor name must be unique");
                }
                p.nextToken();
                // Duplicate keys inside one tensor's object (two "dtype"s) are refused by the parser from here on.
                p.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
                JsonNode value = p.readValueAsTree();
                p.disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
                entries.put(name, value);
                name = null;
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw bad(file, "has a header with something after its JSON object. The file is not a safetensors file or is damaged");
            }
            return entries;
        } catch (JsonProcessingException e) {
            throw bad(file, "has a header that is not valid JSON" + where(e.getLocation(), name)
                    + ". The file is not a safetensors file or is damaged");
        } catch (IOException e) {
            throw bad(file, "has an unreadable header: " + e.getMessage());
        }
    }

    private static String where(JsonLocation at, String tensor) {
        String inside = tensor == null ? "" : " inside the entry of tensor '" + tensor + "'";
        if (at == null || at.getByteOffset() < 0) {
            return inside;
        }
        return inside + " (at byte " + (HEADER_OFFSET + at.getByteOffset()) + " of the file)";
    }

    private static WeightFileException bad(Path file, String message) {
        return new WeightFileException(file.toString(), message);
    }
}
