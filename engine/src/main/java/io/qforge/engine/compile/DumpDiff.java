package io.qforge.engine.compile;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.qforge.api.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code qforge diff}: a board's per-layer dump against the golden one {@code qforge compile}
 * wrote, tensor by tensor in graph order, image by image. For each tensor: how many integers
 * differ and by how much at most; the first tensor that differs is where the board and qforge
 * part. A tensor the board did not dump is listed as missing, not as a difference.
 */
public final class DumpDiff {

    /** One tensor of one image; {@code missing} when the board's folder has no such file. */
    public record Layer(int image, String tensor, String file, boolean missing, long differing, long values, long largestDifference) {
        public boolean differs() {
            return !missing && differing > 0;
        }
    }

    /** Every compared tensor, in graph order per image. */
    public record Result(List<Layer> layers) {

        public List<Layer> firstDivergences() {
            List<Layer> first = new ArrayList<>();
            int image = -1;
            for (Layer l : layers) {
                if (l.differs() && l.image() != image) {
                    first.add(l);
                    image = l.image();
                }
            }
            return first;
        }

        public long compared() {
            return layers.stream().filter(l -> !l.missing()).count();
        }
    }

    private DumpDiff() {}

    public static Result compare(Path golden, Path board) throws IOException {
        Path manifestFile = golden.resolve(GoldenDump.MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            throw new InvalidInputException(golden.toString(), "has no " + GoldenDump.MANIFEST + ". Give the golden folder qforge compile "
                    + "wrote: <run>/compiled/" + GoldenDump.DIR);
        }
        if (!Files.isDirectory(board)) {
            throw new InvalidInputException(board.toString(), "is not a folder. Give the board's dump folder, with one subfolder per image (0, 1, ...)");
        }
        GoldenDump.Manifest manifest;
        try {
            manifest = new ObjectMapper().readValue(manifestFile.toFile(), GoldenDump.Manifest.class);
        } catch (IOException e) {
            throw new InvalidInputException(manifestFile.toString(), "is not a golden manifest: " + e.getMessage());
        }
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < manifest.images(); i++) {
            Path ours = golden.resolve(Integer.toString(i));
            Path theirs = board.resolve(Integer.toString(i));
            for (GoldenDump.Entry e : manifest.tensors()) {
                Path boardFile = theirs.resolve(e.file());
                if (!Files.isRegularFile(boardFile)) {
                    layers.add(new Layer(i, e.tensor(), e.file(), true, 0, 0, 0));
                    continue;
                }
                byte[] expected = Files.readAllBytes(ours.resolve(e.file()));
                byte[] actual = Files.readAllBytes(boardFile);
                if (actual.length != expected.length) {
                    throw new InvalidInputException(boardFile.toString(), "has " + actual.length + " bytes; " + e.tensor() + " " + e.shape()
                            + " has " + expected.length + " (one byte per value" + (manifest.channelsLast() ? ", H x W x C" : "") + ")");
                }
                long differing = 0;
                long largest = 0;
                for (int k = 0; k < expected.length; k++) {
                    int a = e.signed() ? expected[k] : expected[k] & 0xff;
                    int b = e.signed() ? actual[k] : actual[k] & 0xff;
                    if (a != b) {
                        differing++;
                        largest = Math.max(largest, Math.abs(a - b));
                    }
                }
                layers.add(new Layer(i, e.tensor(), e.file(), false, differing, expected.length, largest));
            }
        }
        return new Result(layers);
    }
}
