package io.qforge.engine.weights;

import io.qforge.engine.QforgeCache;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Resolves {@code "weights": "imagenet"} to a local file: a cache file when present and intact,
 * else a download whose SHA-256 is checked before it enters the cache. Nothing is downloaded when
 * qforge runs offline ({@code QFORGE_OFFLINE=1} or {@code -Dqforge.offline=true}); the error then
 * says where to put the file.
 */
public final class PretrainedWeights {

    /**
     * A published weights file.
     *
     * @param id how the file is known, e.g. {@code timm/resnet18.tv_in1k}
     * @param uri where to download it, pinned to one revision
     * @param sha256 its SHA-256
     * @param bytes its size
     * @param cacheName the file name in the cache
     */
    public record Source(String id, URI uri, String sha256, long bytes, String cacheName) {}

    /**
     * timm's resnet18.tv_in1k is torchvision's ImageNet weights in safetensors. Its size and
     * SHA-256 at this revision come from a public record; they could not be checked here, where
     * there is no internet.
     */
    public static final Map<String, Source> IMAGENET = Map.of("resnet18", new Source(
            "timm/resnet18.tv_in1k",
            URI.create("https://huggingface.co/timm/resnet18.tv_in1k/resolve/bbd144b3e5565108aad885f145491d11bc6ce807/model.safetensors"),
            "694f673df6520a3158624e8a89af086f59923ee4cd7436fe5bc3bc71d295ad81",
            46_807_446L,
            "resnet18.tv_in1k.safetensors"));

    private final Path cacheDir;
    private final boolean offline;
    private final Map<String, Source> sources;

    public PretrainedWeights(Path cacheDir, boolean offline, Map<String, Source> sources) {
        this.cacheDir = cacheDir;
        this.offline = offline;
        this.sources = sources;
    }

    /** The user's cache ({@link QforgeCache}/weights) and offline setting. */
    public static PretrainedWeights standard() {
        Path root = QforgeCache.root();
        boolean offline = "1".equals(System.getenv("QFORGE_OFFLINE")) || Boolean.getBoolean("qforge.offline");
        return new PretrainedWeights(root.resolve("weights"), offline, IMAGENET);
    }

    /** The local file of {@code backbone}'s ImageNet weights, downloading it when needed and allowed. */
    public Path resolve(String backbone) {
        Source s = Optional.ofNullable(sources.get(backbone)).orElseThrow(() -> new WeightFileException("$.backbone.weights",
                "there are no published ImageNet weights for '" + backbone + "'. Known: " + new TreeSet<>(sources.keySet())
                        + ". Give the path of a weights file instead"));
        Path cached = cacheDir.resolve(s.cacheName());
        if (Files.isRegularFile(cached)) {
            String actual = sha256(cached);
            if (!actual.equals(s.sha256())) {
                throw new WeightFileException(cached.toString(), "has SHA-256 " + actual + ", not the " + s.sha256() + " of " + s.id()
                        + ". Delete it and run again to download it anew, or put the right file there");
            }
            return cached;
        }
        if (offline) {
            throw new WeightFileException("$.backbone.weights", "the ImageNet weights of " + backbone + " are not in the cache and qforge is offline. "
                    + "Download " + s.uri() + " (" + s.bytes() + " bytes, SHA-256 " + s.sha256() + ") to " + cached);
        }
        return download(s, cached);
    }

    private static Path download(Source s, Path target) {
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
            try {
                try (InputStream in = s.uri().toURL().openStream()) {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                }
                String actual = sha256(tmp);
                if (!actual.equals(s.sha256())) {
                    throw new WeightFileException(s.uri().toString(), "downloaded with SHA-256 " + actual + ", not the expected "
                            + s.sha256() + ". Nothing was cached; try again, or download it by hand to " + target);
                }
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                return target;
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new WeightFileException(s.uri().toString(), "could not be downloaded (" + e + "). Download it by hand to " + target, e);
        }
    }

    static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new WeightFileException(file.toString(), "cannot be read: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
