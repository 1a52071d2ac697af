package io.qforge.plugin.dataset;

import io.qforge.api.InvalidInputException;
import io.qforge.api.context.PluginContext;
import io.qforge.api.context.RemoteFile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the four Fashion-MNIST files. A configured path is used or refused, never passed over: it
 * must be a folder holding all four (see {@link #checkConfigured}). Without one, qforge looks in
 * this order: the user's data folder
 * ({@code -Dqforge.data} or {@code $QFORGE_DATA}, or its {@code fashion-mnist} folder), Debian's
 * {@code /usr/share/datasets/fashion-mnist} (package {@code dataset-fashion-mnist}), and qforge's
 * cache. When none has them and qforge may go online, it fetches the official files into the cache
 * through the plugin context, which checks the SHA-256 of each file's decompressed content (the
 * same data whatever its gzip packaging) before keeping it.
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
    /** Where fetched files go inside qforge's cache. */
    static final String CACHE_FOLDER = "datasets/fashion-mnist";

    private final List<Candidate> candidates;
    private final URI mirror;
    private final PluginContext context;

    /** One place to look, and why it is on the list. */
    record Candidate(Path dir, String why) {}

    FashionMnistFiles(List<Candidate> candidates, URI mirror, PluginContext context) {
        this.candidates = candidates;
        this.mirror = mirror;
        this.context = context;
    }

    /** The standard search, for a request that configures no path. */
    static FashionMnistFiles standard(PluginContext context) {
        List<Candidate> c = new ArrayList<>();
        context.dataDir().ifPresent(data -> {
            c.add(new Candidate(data.resolve("fashion-mnist"), "the data folder's fashion-mnist"));
            c.add(new Candidate(data, "the data folder"));
        });
        c.add(new Candidate(DEBIAN, "Debian's dataset-fashion-mnist"));
        c.add(new Candidate(context.cacheDir().resolve(CACHE_FOLDER), "qforge's cache"));
        return new FashionMnistFiles(c, OFFICIAL, context);
    }

    /** The folder holding all four files (gzipped or not), fetching them into the cache when needed and allowed. */
    Path locate(String configPath) {
        for (Candidate c : candidates) {
            if (hasAll(c.dir())) {
                return c.dir();
            }
        }
        if (context.offline()) {
            throw notFound(configPath, "qforge is offline (QFORGE_OFFLINE=1 or -Dqforge.offline=true), so it did not download them.");
        }
        Path dir = null;
        try {
            for (Map.Entry<String, String> f : FILES.entrySet()) {
                dir = context.fetch(remote(f.getKey(), f.getValue())).getParent();
            }
            return dir;
        } catch (InvalidInputException e) {
            throw notFound(configPath, "The download from " + mirror + " failed too: " + e.getMessage());
        }
    }

    /** One of the four files as published: its gzip, checked by its content's SHA-256 (the size of a gzip varies). */
    private RemoteFile remote(String name, String contentSha256) {
        return new RemoteFile("Fashion-MNIST " + name, mirror.resolve(name + ".gz"), CACHE_FOLDER + "/" + name + ".gz", 0, contentSha256,
                RemoteFile.Digest.OF_GZIP_CONTENT);
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

    /**
     * {@code dir} if it is a folder with all four files, plain or gzipped; otherwise an error at
     * {@code at} (the option's JSON path) that says what is missing and which names are accepted.
     * There is no fallback: a configured path that gave way to another copy would train on data
     * the user did not name.
     */
    static Path checkConfigured(Path dir, String at) {
        if (!Files.exists(dir)) {
            throw new InvalidInputException(at, dir + " does not exist. Set \"path\" to a folder with the four Fashion-MNIST files ("
                    + acceptedNames() + "), or leave it out to use " + DEBIAN + " (apt-get install dataset-fashion-mnist)");
        }
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException(at, dir + " is a file, not a folder. Set \"path\" to the folder that holds the four Fashion-MNIST files ("
                    + acceptedNames() + ")");
        }
        try (var entries = Files.list(dir)) {
            if (entries.findAny().isEmpty()) {
                throw new InvalidInputException(at, dir + " is empty. It must hold the four Fashion-MNIST files: " + acceptedNames());
            }
        } catch (java.io.IOException e) {
            throw new InvalidInputException(at, dir + " cannot be read: " + e.getMessage());
        }
        for (String name : FILES.keySet()) {
            if (!Files.isRegularFile(file(dir, name))) {
                throw new InvalidInputException(at, dir + " has no " + name + ". Accepted names: " + name + ".gz or " + name
                        + "; the folder must hold all four files: " + acceptedNames());
            }
        }
        return dir;
    }

    /** The four files' names as accepted, e.g. {@code train-images-idx3-ubyte(.gz)}. */
    private static String acceptedNames() {
        return String.join(", ", FILES.keySet().stream().map(n -> n + "(.gz)").toList());
    }

    static Path file(Path dir, String name) {
        Path plain = dir.resolve(name);
        return Files.isRegularFile(plain) ? plain : dir.resolve(name + ".gz");
    }

    private static boolean hasAll(Path dir) {
        return FILES.keySet().stream().allMatch(n -> Files.isRegularFile(file(dir, n)));
    }
}
