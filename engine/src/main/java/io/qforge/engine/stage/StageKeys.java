package io.qforge.engine.stage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.qforge.engine.io.JsonFiles;
import io.qforge.engine.io.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Content hashes that decide whether a stage of {@code qforge run} can be reused. A key covers the
 * config sections the stage reads and the content of every file or folder those sections name, so
 * an edited weights file or image folder invalidates the stage even when the config text is the same.
 */
public final class StageKeys {

    private static final JsonMapper CANONICAL = JsonFiles.MAPPER.rebuild()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private StageKeys() {}

    /** The key of a stage: the hash of {@code parts} (config sections, earlier keys) and of the files they name. */
    public static String of(Object... parts) {
        MessageDigest digest = Sha256.digest();
        for (Object part : parts) {
            JsonNode tree = CANONICAL.valueToTree(part);
            digest.update(canonical(tree).getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            filesNamedIn(tree, digest);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The SHA-256 of one file's bytes. */
    public static String ofFile(Path file) {
        try {
            return Sha256.ofFile(file);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file + " for the stage cache", e);
        }
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
        try {
            Sha256.update(digest, file);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file + " for the stage cache", e);
        }
    }

    /**
     * A folder of images is fingerprinted by its files' names, sizes and modification times,
     * following links: reading every image would cost a dataset pass.
     */
    private static void updateWithFolder(Path dir, MessageDigest digest) {
        // Class folders may be symbolic links; images added behind a link must change the key too.
        try (Stream<Path> files = Files.walk(dir, FileVisitOption.FOLLOW_LINKS)) {
            List<Path> sorted = files.filter(Files::isRegularFile).sorted().toList();
            for (Path f : sorted) {
                String line = dir.relativize(f) + "\t" + Files.size(f) + "\t" + Files.getLastModifiedTime(f).toMillis() + "\n";
                digest.update(line.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + dir + " for the stage cache", e);
        }
    }
}
