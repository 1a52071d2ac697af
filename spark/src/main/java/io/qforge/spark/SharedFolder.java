package io.qforge.spark;

import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The sweep's output folder, on any Hadoop file system (a local path, {@code file:}, {@code hdfs:},
 * {@code s3a:} with its connector on the class path). Folders appear under their final names in
 * one rename, after they are completely written, so a reader, or a retried task, never sees half
 * of one; what an attempt left in {@link #STAGING} is removed before and after a sweep.
 */
final class SharedFolder implements Serializable {

    /** Where attempts write before they rename. */
    static final String STAGING = ".staging";

    private final String root;

    /** @param root a URI, or a local path (made absolute here, on the driver) */
    SharedFolder(String root) {
        URI uri = URI.create(root.replace(" ", "%20"));
        String absolute = uri.getScheme() == null || uri.getScheme().length() == 1 ? java.nio.file.Path.of(root).toAbsolutePath().toUri().toString() : root;
        this.root = absolute.endsWith("/") ? absolute.substring(0, absolute.length() - 1) : absolute;
    }

    String uri() {
        return root;
    }

    private Path path(String relative) {
        return relative.isEmpty() ? new Path(root) : new Path(new Path(root), relative);
    }

    private FileSystem fs() throws IOException {
        FileSystem fs = new Path(root).getFileSystem(new Configuration());
        // The local file system writes a .crc file beside every file otherwise.
        fs.setWriteChecksum(false);
        fs.setVerifyChecksum(false);
        return fs;
    }

    boolean exists(String relative) throws IOException {
        return fs().exists(path(relative));
    }

    String read(String relative) throws IOException {
        try (var in = fs().open(path(relative))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Writes {@code text} to {@code relative} through a staged file and a rename. */
    void write(String relative, String text, String attempt) throws IOException {
        FileSystem fs = fs();
        Path staged = path(STAGING + "/" + attempt + "-" + new Path(relative).getName());
        try (FSDataOutputStream out = fs.create(staged, true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        replace(fs, staged, path(relative));
    }

    /** Copies the folder {@code relative} into the local folder {@code local} (made if missing). */
    void download(String relative, java.nio.file.Path local) throws IOException {
        FileSystem fs = fs();
        Files.createDirectories(local);
        for (var status : fs.listStatus(path(relative))) {
            fs.copyToLocalFile(false, status.getPath(), new Path(local.resolve(status.getPath().getName()).toUri()), true);
        }
    }

    /**
     * Publishes the local folder {@code local} as {@code relative}: copied under {@link #STAGING}
     * first, then renamed into place, replacing what was there. A failure on the way removes the
     * staged copy.
     */
    void publish(java.nio.file.Path local, String relative, String attempt) throws IOException {
        FileSystem fs = fs();
        Path staged = path(STAGING + "/" + attempt + "-" + new Path(relative).getName());
        try {
            fs.delete(staged, true);
            fs.mkdirs(staged.getParent());
            fs.copyFromLocalFile(false, true, new Path(local.toUri()), staged);
            replace(fs, staged, path(relative));
        } finally {
            fs.delete(staged, true);
        }
    }

    /** Removes what attempts left in {@link #STAGING}; only when no task of this folder runs. */
    void clearStaging() throws IOException {
        fs().delete(path(STAGING), true);
    }

    private static void replace(FileSystem fs, Path from, Path to) throws IOException {
        fs.mkdirs(to.getParent());
        if (fs.exists(to)) {
            fs.delete(to, true);
        }
        if (!fs.rename(from, to)) {
            throw new IOException("cannot rename " + from + " to " + to);
        }
    }
}
