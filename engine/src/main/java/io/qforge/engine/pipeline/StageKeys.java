package io.qforge.engine.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.qforge.engine.config.StrictJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Content hashes that decide whether a stage of {@code qforge run} can be reused. A key covers the
 * config sections the stage reads and the content of every file or folder those sections name, so
 * an edited weights file or image folder invalidates the stage even when the config text is the same.
 */
final class StageKeys {

    private static final JsonMapper CANONICAL = StrictJson.mapper().rebuild()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private StageKeys() {}

    /** The key of a stage: the hash of {@code parts} (config sections, earlier keys) and of the files they name. */
    static String of(Object... parts) {
        MessageDigest digest = sha256();
        for (Object part : parts) {
            JsonNode tree = CANONICAL.valueToTree(part);
            digest.update(canonical(tree).getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            filesNamedIn(tree, digest);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The SHA-256 of one file's bytes. */
    static String ofFile(Path file) {
        MessageDigest digest = sha256();
        updateWithFile(file, digest);
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String canonical(JsonNode tree) {
        try {
            // valueToTree keeps field order; sorting through a map gives one spelling per content.
            Object sorted = CANONICAL.treeToValue(tree, Object.class);
            return CANONICAL.writeValueAsString(sorted);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Folds in the content of every absolute path in the tree that exists: the validator makes config paths absolute. */
    private static void filesNamedIn(JsonNode node, MessageDigest digest) {
        if (node.isTextual()) {
            String text = node.asText();
            if (text.startsWith("/")) {
                Path path = Path.of(text);
                if (Files.isRegularFile(path)) {
                    updateWithFile(path, digest);
                } else if (Files.isDirectory(path)) {
                    updateWithFolder(path, digest);
                }
            }
            return;
        }
        if (node.isContainerNode()) {
            node.forEach(v -> filesNamedIn(v, digest));
        }
    }

    private static void updateWithFile(Path file, MessageDigest digest) {
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file + " for the stage cache", e);
        }
    }

    /** A folder of images is fingerprinted by its files' names, sizes and modification times: reading every image would cost a dataset pass. */
    private static void updateWithFolder(Path dir, MessageDigest digest) {
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> sorted = files.filter(Files::isRegularFile).sorted().toList();
            for (Path f : sorted) {
                String line = dir.relativize(f) + "\t" + Files.size(f) + "\t" + Files.getLastModifiedTime(f).toMillis() + "\n";
                digest.update(line.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + dir + " for the stage cache", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
