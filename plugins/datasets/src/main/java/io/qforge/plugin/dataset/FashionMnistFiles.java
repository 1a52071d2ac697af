package io.qforge.plugin.dataset;

import io.qforge.api.InvalidInputException;
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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Finds the four Fashion-MNIST files, in this order: the configured path, {@code $QFORGE_DATA}
 * (or its {@code fashion-mnist} folder), Debian's {@code /usr/share/datasets/fashion-mnist}
 * (package {@code dataset-fashion-mnist}), and the user cache. When none has them and qforge may
 * go online, it downloads the official files into the cache, checking the SHA-256 of each file's
 * decompressed content (the same data whatever its gzip packaging) before keeping it.
 */
final class FashionMnistFiles {

    /** The four files, with the SHA-256 of their decompressed content. */
    static final Map<String, String> FILES = new LinkedHashMap<>();

    static {
        FILES.put("train-images-idx3-ubyte", "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888");
        FILES.put("train-labels-idx1-ubyte", "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9");
        FILES.put("t10k-images-idx3-ubyte", "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b");
        FILES.put("t10k-labels-idx1-ubyte", "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34");
    }

    /** Where the dataset's authors publish the gzipped files. */
    static final URI OFFICIAL = URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");
    static final Path DEBIAN = Path.of("/usr/share/datasets/fashion-mnist");

    private final List<Candidate> candidates;
    private final Path cache;
    private final URI mirror;
    private final boolean offline;

    /** One place to look, and why it is on the list. */
    record Candidate(Path dir, String why) {}

    FashionMnistFiles(List<Candidate> candidates, Path cache, URI mirror, boolean offline) {
        this.candidates = candidates;
        this.cache = cache;
        this.mirror = mirror;
        this.offline = offline;
    }

    /** The standard search for a request whose configured path may be empty. */
    static FashionMnistFiles standard(Optional<String> configured) {
        List<Candidate> c = new ArrayList<>();
        configured.ifPresent(p -> c.add(new Candidate(Path.of(p), "the configured path")));
        String data = System.getenv("QFORGE_DATA");
        if (data != null && !data.isBlank()) {
            c.add(new Candidate(Path.of(data, "fashion-mnist"), "$QFORGE_DATA/fashion-mnist"));
            c.add(new Candidate(Path.of(data), "$QFORGE_DATA"));
        }
        c.add(new Candidate(DEBIAN, "Debian's dataset-fashion-mnist"));
        String cacheRoot = System.getenv("QFORGE_CACHE");
        Path root = cacheRoot != null && !cacheRoot.isBlank() ? Path.of(cacheRoot) : Path.of(System.getProperty("user.home"), ".cache", "qforge");
        Path cache = root.resolve("datasets").resolve("fashion-mnist");
        c.add(new Candidate(cache, "the user cache"));
        boolean offline = "1".equals(System.getenv("QFORGE_OFFLINE")) || Boolean.getBoolean("qforge.offline");
        return new FashionMnistFiles(c, cache, OFFICIAL, offline);
    }

    /** The folder holding all four files (gzipped or not), downloading them when needed and allowed. */
    Path locate(String configPath) {
        for (Candidate c : candidates) {
            if (hasAll(c.dir())) {
                return c.dir();
            }
        }
        if (!offline) {
            try {
                download();
                return cache;
            } catch (IOException | InvalidInputException e) {
                throw notFound(configPath, "The download from " + mirror + " failed too: " + e.getMessage());
            }
        }
        throw notFound(configPath, "qforge is offline (QFORGE_OFFLINE=1), so it did not download them.");
    }

    private InvalidInputException notFound(String configPath, String more) {
        StringBuilder b = new StringBuilder("Fashion-MNIST was not found. Looked for ");
        b.append(String.join(", ", FILES.keySet())).append(" (or .gz) in:");
        for (Candidate c : candidates) {
            b.append(' ').append(c.dir()).append(" (").append(c.why()).append(");");
        }
        b.append(' ').append(more).append(" Install it with 'apt-get install dataset-fashion-mnist', put the four files in one of those folders,"
                + " or set the dataset's \"path\"");
        return new InvalidInputException(configPath, b.toString());
    }

    static Path file(Path dir, String name) {
        Path plain = dir.resolve(name);
        return Files.isRegularFile(plain) ? plain : dir.resolve(name + ".gz");
    }

    private static boolean hasAll(Path dir) {
        return FILES.keySet().stream().allMatch(n -> Files.isRegularFile(file(dir, n)));
    }

    private void download() throws IOException {
        Files.createDirectories(cache);
        for (Map.Entry<String, String> f : FILES.entrySet()) {
            Path target = cache.resolve(f.getKey() + ".gz");
            if (Files.isRegularFile(target)) {
                continue;
            }
            Path tmp = Files.createTempFile(cache, "." + f.getKey(), ".part");
            try {
                try (InputStream in = mirror.resolve(f.getKey() + ".gz").toURL().openStream()) {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                }
                String actual = contentSha256(tmp);
                if (!actual.equals(f.getValue())) {
                    throw new InvalidInputException(mirror.resolve(f.getKey() + ".gz").toString(), "has content SHA-256 " + actual
                            + ", not the " + f.getValue() + " of Fashion-MNIST; nothing was kept");
                }
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** SHA-256 of a gzipped file's decompressed content. */
    static String contentSha256(Path gz) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(new GZIPInputStream(Files.newInputStream(gz)), digest)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
