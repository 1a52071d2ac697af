package io.qforge.plugin.dataset;

import io.qforge.api.Dataset;
import io.qforge.api.InvalidInputException;
import io.qforge.api.context.PluginOptions;
import io.qforge.api.data.DatasetRequest;
import io.qforge.api.data.ImageSet;
import io.qforge.api.data.RawImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fashion-MNIST: 60,000 training and 10,000 test images of 28x28 grayscale clothing in 10
 * classes, from IDX files.
 *
 * <p>Options: {@code path} (a folder with the four files; used or refused, never passed over for
 * another copy), {@code classes} (e.g. {@code "5-9"} or
 * {@code [5, 6, 7, 8, 9]}: relabelled to 0..k-1, names kept), {@code samples_per_class} (a count
 * or {@code "all"}, training split) and {@code test_samples_per_class} (the same for the test
 * split, default all: a quick run can evaluate on a subset).
 */
public final class FashionMnistDataset implements Dataset {

    static final List<String> CLASS_NAMES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    private static final Set<String> OPTIONS = Set.of("path", "classes", "samples_per_class", "test_samples_per_class");

    /** Parsed IDX files, by path: several stages of a run open the same split. */
    private final Map<Path, IdxFile> loaded = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "fashion-mnist";
    }

    @Override
    public String description() {
        return "Fashion-MNIST, 28x28 grayscale, 10 classes (IDX files; Debian's dataset-fashion-mnist)";
    }

    @Override
    public void check(DatasetRequest request) {
        PluginOptions o = request.context().options(request.options(), request.configPath(), OPTIONS);
        Selection.of(SelectionOptions.classes(o, "classes"), CLASS_NAMES, o.at("classes"));
        SelectionOptions.countOrAll(o, "samples_per_class");
        SelectionOptions.countOrAll(o, "test_samples_per_class");
        o.string("path").ifPresent(configured -> FashionMnistFiles.checkConfigured(Path.of(configured), o.at("path")));
    }

    @Override
    public ImageSet open(DatasetRequest request) {
        PluginOptions o = request.context().options(request.options(), request.configPath(), OPTIONS);
        Selection selection = Selection.of(SelectionOptions.classes(o, "classes"), CLASS_NAMES, o.at("classes"));
        Optional<Integer> perClass = SelectionOptions.perClass(o, request);
        Optional<String> configured = o.string("path");
        Path dir = configured.isPresent() ? FashionMnistFiles.checkConfigured(Path.of(configured.get()), o.at("path"))
                : FashionMnistFiles.standard(request.context()).locate(request.configPath());
        String prefix = request.split().equals(DatasetRequest.TRAIN) ? "train" : "t10k";
        IdxFile images = loaded.computeIfAbsent(FashionMnistFiles.file(dir, prefix + "-images-idx3-ubyte"), IdxFile::read);
        IdxFile labels = loaded.computeIfAbsent(FashionMnistFiles.file(dir, prefix + "-labels-idx1-ubyte"), IdxFile::read);
        int n = labels.dims()[0];
        if (images.dims().length != 3 || images.dims()[0] != n) {
            throw new InvalidInputException(dir.toString(), "has " + Arrays.toString(images.dims()) + " images for " + n
                    + " labels; Fashion-MNIST has one 28x28 image per label");
        }
        int[] sourceLabels = new int[n];
        for (int i = 0; i < n; i++) {
            sourceLabels[i] = labels.data()[i] & 0xff;
            if (sourceLabels[i] >= CLASS_NAMES.size()) {
                throw new InvalidInputException(FashionMnistFiles.file(dir, prefix + "-labels-idx1-ubyte").toString(), "has label "
                        + sourceLabels[i] + " at index " + i + "; Fashion-MNIST labels are 0 to " + (CLASS_NAMES.size() - 1));
            }
        }
        int h = images.dims()[1];
        int w = images.dims()[2];
        int size = h * w;
        return new ListImageSet(selection.names, selection.pick(sourceLabels, perClass, request.seed()),
                i -> new RawImage(1, h, w, Arrays.copyOfRange(images.data(), i * size, (i + 1) * size)), List.of());
    }
}
