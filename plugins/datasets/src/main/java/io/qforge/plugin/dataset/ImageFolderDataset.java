package io.qforge.plugin.dataset;

import io.qforge.api.Dataset;
import io.qforge.api.InvalidInputException;
import io.qforge.api.context.PluginOptions;
import io.qforge.api.data.DatasetRequest;
import io.qforge.api.data.ImageSet;
import io.qforge.api.data.RawImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Images in one sub-folder per class, as torchvision's ImageFolder: class names are the folder
 * names, sorted. Images are JPEG or PNG (anything javax.imageio reads), told apart by content,
 * not by extension.
 *
 * <p>Options: {@code path} (the training folder, required), {@code test_path} (a test folder of
 * the same classes) or else {@code test_fraction} (default 0.2, held out per class with the seed),
 * {@code classes}, {@code samples_per_class}, {@code test_samples_per_class} (a count or
 * {@code "all"} per split, default all), and {@code on_bad_file}: {@code skip} (default:
 * leave the file out and list it in the report) or {@code fail}.
 */
public final class ImageFolderDataset implements Dataset {

    private static final Set<String> OPTIONS = Set.of("path", "test_path", "test_fraction", "classes", "samples_per_class", "test_samples_per_class", "on_bad_file");
    static final double DEFAULT_TEST_FRACTION = 0.2;

    @Override
    public String name() {
        return "image-folder";
    }

    @Override
    public String description() {
        return "one sub-folder of JPEG/PNG images per class, as torchvision's ImageFolder";
    }

    /**
     * Per image file (path, size, modification time): why it cannot be decoded, or "" when it can.
     * In skip mode every image is decoded once per process before the split, so that a damaged one
     * is left out like a text file instead of stopping training halfway.
     */
    private final Map<String, String> decodeVerdicts = new ConcurrentHashMap<>();

    @Override
    public void check(DatasetRequest request) {
        PluginOptions o = request.context().options(request.options(), request.configPath(), OPTIONS);
        Path root = Path.of(o.string("path").orElseThrow(() -> new InvalidInputException(o.at("path"),
                "missing. Give the folder that holds one sub-folder of images per class")));
        boolean skipBad = !"fail".equals(o.string("on_bad_file").map(v -> checkBadFileMode(v, o)).orElse("skip"));
        Folder train = Folder.scan(root, o.at("path"), skipBad);
        Selection.of(SelectionOptions.classes(o, "classes"), train.classNames, o.at("classes"));
        SelectionOptions.countOrAll(o, "samples_per_class");
        SelectionOptions.countOrAll(o, "test_samples_per_class");
        Optional<String> testPath = o.string("test_path");
        if (testPath.isPresent()) {
            requireSameClasses(Folder.scan(Path.of(testPath.get()), o.at("test_path"), skipBad), train, o);
        } else {
            testFraction(o);
        }
    }

    @Override
    public ImageSet open(DatasetRequest request) {
        PluginOptions o = request.context().options(request.options(), request.configPath(), OPTIONS);
        Path root = Path.of(o.string("path").orElseThrow(() -> new InvalidInputException(o.at("path"),
                "missing. Give the folder that holds one sub-folder of images per class")));
        boolean skipBad = !"fail".equals(o.string("on_bad_file").map(v -> checkBadFileMode(v, o)).orElse("skip"));
        Folder train = verified(Folder.scan(root, o.at("path"), skipBad), skipBad);
        Selection selection = Selection.of(SelectionOptions.classes(o, "classes"), train.classNames, o.at("classes"));
        Optional<String> testPath = o.string("test_path");
        Folder source = train;
        List<Integer> keep;
        if (testPath.isPresent()) {
            if (request.split().equals(DatasetRequest.TEST)) {
                source = verified(Folder.scan(Path.of(testPath.get()), o.at("test_path"), skipBad), skipBad);
                requireSameClasses(source, train, o);
            }
            keep = allIndices(source.files.size());
        } else {
            keep = train.split(testFraction(o), request.seed(), request.split().equals(DatasetRequest.TEST));
        }
        int[] labels = new int[source.files.size()];
        Arrays.fill(labels, -1);
        for (int i : keep) {
            labels[i] = source.labels.get(i);
        }
        Optional<Integer> perClass = SelectionOptions.perClass(o, request);
        Folder images = source;
        return new ListImageSet(selection.names, selection.pick(labels, perClass, request.seed()),
                i -> decode(images.files.get(i)), images.skipped);
    }

    private static void requireSameClasses(Folder test, Folder train, PluginOptions o) {
        if (!test.classNames.equals(train.classNames)) {
            throw new InvalidInputException(o.at("test_path"), "has the classes " + test.classNames
                    + ", but the training folder has " + train.classNames + ". Allowed: the same class folders");
        }
    }

    private static double testFraction(PluginOptions o) {
        double fraction = o.number("test_fraction").orElse(DEFAULT_TEST_FRACTION);
        if (!(fraction > 0 && fraction < 1)) {
            throw new InvalidInputException(o.at("test_fraction"), fraction + " is out of range. Allowed: above 0 and below 1");
        }
        return fraction;
    }

    /** In skip mode, {@code folder} without the images that do not decode, each listed as skipped with why. */
    private Folder verified(Folder folder, boolean skipBad) {
        if (!skipBad) {
            return folder;
        }
        Folder kept = new Folder();
        kept.classNames.addAll(folder.classNames);
        kept.skipped.addAll(folder.skipped);
        for (int i = 0; i < folder.files.size(); i++) {
            Path file = folder.files.get(i);
            String why = decodeVerdicts.computeIfAbsent(fingerprint(file), k -> {
                try {
                    decode(file);
                    return "";
                } catch (InvalidInputException e) {
                    return e.detail();
                }
            });
            if (why.isEmpty()) {
                kept.files.add(file);
                kept.labels.add(folder.labels.get(i));
            } else {
                kept.skipped.add(file + ": " + why);
            }
        }
        for (int label = 0; label < kept.classNames.size(); label++) {
            if (!kept.labels.contains(label)) {
                throw new InvalidInputException(folder.classNames.get(label), "is a class folder none of whose images decode; every class needs "
                        + "at least one readable JPEG or PNG (skipped: " + kept.skipped.size() + " files, listed in the report)");
            }
        }
        return kept;
    }

    private static String fingerprint(Path file) {
        try {
            return file.toAbsolutePath() + "\t" + Files.size(file) + "\t" + Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return file.toAbsolutePath().toString();
        }
    }

    private static String checkBadFileMode(String v, PluginOptions o) {
        if (!v.equals("skip") && !v.equals("fail")) {
            throw new InvalidInputException(o.at("on_bad_file"), "'" + v + "' is not allowed. Allowed: skip, fail");
        }
        return v;
    }

    private static List<Integer> allIndices(int n) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(i);
        }
        return all;
    }

    /** The most pixels one image may have, 40 megapixels (e.g. 8000 x 5000): checked from the header, before decoding. */
    static final long MAX_PIXELS = 40_000_000L;

    /** Decodes an image to 8-bit HWC: grayscale stays one channel, everything else becomes RGB. */
    static RawImage decode(Path file) {
        BufferedImage img;
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? Collections.emptyIterator() : ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new InvalidInputException(file.toString(), "is not an image qforge can decode. Allowed: JPEG, PNG, BMP, GIF");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (reader.getWidth(0) < 1 || reader.getHeight(0) < 1 || pixels > MAX_PIXELS) {
                    throw new InvalidInputException(file.toString(), "declares " + reader.getWidth(0) + " x " + reader.getHeight(0)
                            + " pixels. Allowed: 1 to " + MAX_PIXELS + " pixels per image");
                }
                img = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new InvalidInputException(file.toString(), "cannot be decoded as an image: its data is damaged or truncated");
        } catch (RuntimeException e) {
            if (e instanceof InvalidInputException) {
                throw e;
            }
            // The JDK's decoders throw unchecked errors on some damaged files; to the user it is the same damage.
            throw new InvalidInputException(file.toString(), "cannot be decoded as an image: its data is damaged");
        }
        int h = img.getHeight();
        int w = img.getWidth();
        boolean gray = img.getType() == BufferedImage.TYPE_BYTE_GRAY;
        byte[] px = new byte[h * w * (gray ? 1 : 3)];
        int k = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x, y);
                if (gray) {
                    px[k++] = (byte) img.getRaster().getSample(x, y, 0);
                } else {
                    px[k++] = (byte) (rgb >> 16);
                    px[k++] = (byte) (rgb >> 8);
                    px[k++] = (byte) rgb;
                }
            }
        }
        return new RawImage(gray ? 1 : 3, h, w, px);
    }

    /** The image files of a folder of class folders. */
    private static final class Folder {
        final List<String> classNames = new ArrayList<>();
        final List<Path> files = new ArrayList<>();
        final List<Integer> labels = new ArrayList<>();
        final List<String> skipped = new ArrayList<>();

        static Folder scan(Path root, String configPath, boolean skipBad) {
            if (!Files.isDirectory(root)) {
                throw new InvalidInputException(configPath, "no folder at " + root + ". Give a folder with one sub-folder of images per class");
            }
            Folder f = new Folder();
            List<Path> classDirs = list(root).stream().filter(Files::isDirectory).toList();
            if (classDirs.isEmpty()) {
                throw new InvalidInputException(configPath, root + " has no class folders. Put each class's images in a sub-folder named after the class");
            }
            for (Path dir : classDirs) {
                int label = f.classNames.size();
                f.classNames.add(dir.getFileName().toString());
                int before = f.files.size();
                for (Path file : list(dir)) {
                    if (!Files.isRegularFile(file)) {
                        continue;
                    }
                    if (isImage(file)) {
                        f.files.add(file);
                        f.labels.add(label);
                    } else if (skipBad) {
                        f.skipped.add(file + ": not a JPEG or PNG image");
                    } else {
                        throw new InvalidInputException(file.toString(), "is not a JPEG or PNG image. Remove it, or set on_bad_file to \"skip\"");
                    }
                }
                if (f.files.size() == before) {
                    throw new InvalidInputException(configPath, "class folder " + dir + " has no images. Every class needs at least one JPEG or PNG");
                }
            }
            return f;
        }

        /** Per class, a seeded held-out fraction (at least one image when the class has two). */
        List<Integer> split(double testFraction, long seed, boolean test) {
            List<Integer> out = new ArrayList<>();
            Random random = new Random(seed);
            for (int label = 0; label < classNames.size(); label++) {
                List<Integer> members = new ArrayList<>();
                for (int i = 0; i < files.size(); i++) {
                    if (labels.get(i) == label) {
                        members.add(i);
                    }
                }
                Collections.shuffle(members, random);
                int held = members.size() < 2 ? 0 : Math.max(1, (int) Math.round(members.size() * testFraction));
                out.addAll(test ? members.subList(0, held) : members.subList(held, members.size()));
            }
            Collections.sort(out);
            return out;
        }

        private static List<Path> list(Path dir) {
            try (Stream<Path> s = Files.list(dir)) {
                return s.sorted().toList();
            } catch (IOException e) {
                throw new InvalidInputException(dir.toString(), "cannot be listed: " + e.getMessage());
            }
        }

        private static boolean isImage(Path file) {
            try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
                return in != null && ImageIO.getImageReaders(in).hasNext();
            } catch (IOException e) {
                return false;
            }
        }
    }
}
