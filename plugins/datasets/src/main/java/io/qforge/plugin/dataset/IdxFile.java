package io.qforge.plugin.dataset;

import io.qforge.api.InvalidInputException;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipException;
import java.util.zip.GZIPInputStream;

/**
 * An IDX file of unsigned bytes (the MNIST family's format): a magic number 0x000008nn where nn
 * is the number of dimensions, the dimensions as big-endian ints, then the data. Gzipped files
 * are read as they are.
 *
 * @param dims the dimensions, e.g. [60000, 28, 28]
 * @param data every byte of the data, in order
 */
record IdxFile(int[] dims, byte[] data) {

    private static final int UNSIGNED_BYTE = 0x08;
    /** The most values one file may declare: what one Java array holds. */
    static final long MAX_VALUES = Integer.MAX_VALUE - 16;

    static IdxFile read(Path file) {
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw)) {
            int magic = in.readInt();
            if ((magic >>> 8) != UNSIGNED_BYTE || (magic & 0xff) < 1 || (magic & 0xff) > 4) {
                throw bad(file, "starts with 0x" + Integer.toHexString(magic) + ", not the magic number of an IDX file of bytes (0x0801 to 0x0804)");
            }
            int[] dims = new int[magic & 0xff];
            long count = 1;
            for (int i = 0; i < dims.length; i++) {
                dims[i] = in.readInt();
                if (dims[i] < 0) {
                    throw bad(file, "declares the negative dimension " + dims[i] + " (dimension " + (i + 1) + " of " + dims.length + ")");
                }
                // Four dimensions below 2^31 fit a long only by luck; stop once past the limit.
                count = count > MAX_VALUES ? count : count * dims[i];
            }
            if (count > MAX_VALUES) {
                throw bad(file, "declares the dimensions " + Arrays.toString(dims) + ", more than the " + MAX_VALUES
                        + " values qforge reads from one IDX file");
            }
            // readNBytes grows its buffer as bytes arrive, so a header that lies costs no memory.
            byte[] data = in.readNBytes((int) count);
            if (data.length < count) {
                throw bad(file, "ends after " + data.length + " of the " + count + " data bytes its header declares "
                        + Arrays.toString(dims) + ". The file is truncated");
            }
            return new IdxFile(dims, data);
        } catch (EOFException e) {
            throw bad(file, "ends before the data its header declares. The file is truncated");
        } catch (ZipException e) {
            throw bad(file, "is not a valid gzip file, or a damaged one. Give the .gz file as downloaded, or unzip it");
        } catch (IOException e) {
            throw bad(file, "cannot be read: " + e.getMessage());
        }
    }

    private static InvalidInputException bad(Path file, String message) {
        return new InvalidInputException(file.toString(), message);
    }
}
