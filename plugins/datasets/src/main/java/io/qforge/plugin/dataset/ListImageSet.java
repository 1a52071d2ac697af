package io.qforge.plugin.dataset;

import io.qforge.api.data.ImageSet;
import io.qforge.api.data.RawImage;
import java.util.List;
import java.util.function.IntFunction;

/** An ImageSet over chosen samples: [source index, label] pairs and a way to read a source image. */
final class ListImageSet implements ImageSet {

    private final List<String> names;
    private final List<int[]> samples;
    private final IntFunction<RawImage> reader;
    private final List<String> skipped;

    ListImageSet(List<String> names, List<int[]> samples, IntFunction<RawImage> reader, List<String> skipped) {
        this.names = List.copyOf(names);
        this.samples = List.copyOf(samples);
        this.reader = reader;
        this.skipped = List.copyOf(skipped);
    }

    @Override
    public List<String> classNames() {
        return names;
    }

    @Override
    public int size() {
        return samples.size();
    }

    @Override
    public int label(int index) {
        return samples.get(index)[1];
    }

    @Override
    public RawImage image(int index) {
        return reader.apply(samples.get(index)[0]);
    }

    @Override
    public List<String> skipped() {
        return skipped;
    }
}
