package io.qforge.api.context;

import java.net.URI;
import java.util.Objects;

/**
 * A published file a plugin may need, pinned by its checksum: pretrained weights, a dataset.
 *
 * <p>Example: {@code new RemoteFile("timm/resnet18.tv_in1k", uri, "weights/resnet18.tv_in1k.safetensors",
 * 46_807_446L, "694f...ad81", Digest.OF_FILE)}.
 *
 * @param id how people know the file, for messages
 * @param uri where to download it, pinned to one revision
 * @param cacheName its path inside the cache folder
 * @param bytes its size in bytes, or 0 when the size is not checked (a gzip packaging may vary)
 * @param sha256 the lowercase hex SHA-256 that {@code digest} describes
 * @param digest what the SHA-256 is of
 */
public record RemoteFile(String id, URI uri, String cacheName, long bytes, String sha256, Digest digest) {

    /** What a file's SHA-256 is computed over. */
    public enum Digest {
        /** The file's bytes. */
        OF_FILE,
        /** The decompressed content of a gzip file, the same whatever the packaging. */
        OF_GZIP_CONTENT
    }

    public RemoteFile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(cacheName, "cacheName");
        Objects.requireNonNull(digest, "digest");
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException(id + ": sha256 must be 64 lowercase hex digits, was " + sha256);
        }
        if (bytes < 0) {
            throw new IllegalArgumentException(id + ": bytes must be 0 (unchecked) or more, was " + bytes);
        }
        if (cacheName.startsWith("/") || cacheName.contains("..")) {
            throw new IllegalArgumentException(id + ": cacheName must be a relative path inside the cache, was " + cacheName);
        }
    }
}
