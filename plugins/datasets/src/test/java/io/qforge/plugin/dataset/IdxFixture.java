package io.qforge.plugin.dataset;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small Fashion-MNIST folders in the IDX format for tests: 2x2 images, labels as given. */
final class IdxFixture {

    private IdxFixture() {}

    /** A folder with all four files, gzipped, whose labels are {@code labels} in both splits. */
    static Path folder(Path dir, byte[] labels) throws IOException {
        Files.createDirectories(dir);
        for (String prefix : new String[] {"train", "t10k"}) {
            write(dir.resolve(prefix + "-images-idx3-ubyte.gz"), new int[] {labels.length, 2, 2}, new byte[labels.length * 4]);
            write(dir.resolve(prefix + "-labels-idx1-ubyte.gz"), new int[] {labels.length}, labels);
        }
        return dir;
    }

    static void write(Path file, int[] dims, byte[] data) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
                DataOutputStream out = new DataOutputStream(file.toString().endsWith(".gz") ? new GZIPOutputStream(raw) : raw)) {
            out.writeInt(0x0800 | dims.length);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(data);
        }
    }
}
