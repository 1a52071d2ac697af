package io.qforge.engine.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.qforge.api.graph.Parameters;
import io.qforge.engine.data.Batch;
import io.qforge.engine.data.BatchSource;
import io.qforge.engine.execution.GraphExecutor;
import io.qforge.engine.execution.InferenceWeights;
import io.qforge.engine.progress.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A frozen backbone's features of every sample, computed once, so that each epoch of feature
 * extraction costs only the head. They are kept in memory, or in a temporary file read back batch
 * by batch when they would take more than {@link #MEMORY_LIMIT_BYTES}.
 */
public final class CachedFeatures implements BatchSource, AutoCloseable {

    /** Above this, features go to disk. */
    public static final long MEMORY_LIMIT_BYTES = 1L << 30;

    private final Shape sampleShape;
    private final int sampleSize;
    private final int[] labels;
    private final float[] memory;
    private final Path file;
    private final FileChannel reader;

    private CachedFeatures(Shape sampleShape, int[] labels, float[] memory, Path file) throws IOException {
        this.sampleShape = sampleShape;
        this.sampleSize = (int) sampleShape.size();
        this.labels = labels;
        this.memory = memory;
        this.file = file;
        this.reader = file == null ? null : FileChannel.open(file, StandardOpenOption.READ);
    }

    /** Runs {@code backbone} over every sample of {@code source} once, in inference mode. */
    public static CachedFeatures compute(GraphExecutor backbone, Parameters parameters, BatchSource source, int batchSize,
            NDManager manager, Progress progress, String label) {
        return compute(backbone, parameters, source, batchSize, manager, progress, label, MEMORY_LIMIT_BYTES);
    }

    /** As above, going to disk above {@code memoryLimitBytes}. */
    static CachedFeatures compute(GraphExecutor backbone, Parameters parameters, BatchSource source, int batchSize,
            NDManager manager, Progress progress, String label, long memoryLimitBytes) {
        Shape sample = null;
        int n = source.size();
        int[] labels = new int[n];
        float[] memory = null;
        Path file = null;
        FileChannel channel = null;
        int sampleSize = -1;
        progress.start(label, n);
        // The backbone is frozen: fold its batch norms once for all batches.
        try (InferenceWeights weights = backbone.prepareInference(parameters, manager)) {
            for (int[] indices : BatchSource.epochOrder(n, batchSize, false, 0, 0)) {
                try (NDManager scope = manager.newSubManager(); Batch b = source.batch(indices, scope, false, 0)) {
                    NDArray f = backbone.forward(weights, b.inputs());
                    if (sampleSize < 0) {
                        sample = f.getShape().slice(1);
                        sampleSize = (int) sample.size();
                        if ((long) n * sampleSize * 4 <= memoryLimitBytes) {
                            memory = new float[n * sampleSize];
                        } else {
                            file = Files.createTempFile("qforge-features", ".f32");
                            file.toFile().deleteOnExit();
                            channel = FileChannel.open(file, StandardOpenOption.WRITE);
                        }
                    }
                    float[] values = f.toFloatArray();
                    for (int i = 0; i < indices.length; i++) {
                        labels[indices[i]] = b.labels()[i];
                        if (memory != null) {
                            System.arraycopy(values, i * sampleSize, memory, indices[i] * sampleSize, sampleSize);
                        } else {
                            ByteBuffer bytes = ByteBuffer.allocate(sampleSize * 4).order(ByteOrder.LITTLE_ENDIAN);
                            bytes.asFloatBuffer().put(values, i * sampleSize, sampleSize);
                            channel.write(bytes, (long) indices[i] * sampleSize * 4);
                        }
                    }
                    progress.advance(indices.length, "");
                }
            }
            if (channel != null) {
                channel.close();
            }
            progress.finish(n + " samples, " + (memory != null ? "in memory" : "on disk at " + file));
            return new CachedFeatures(sample, labels, memory, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the feature cache " + file, e);
        }
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public Batch batch(int[] indices, NDManager manager, boolean augment, long seed) {
        float[] data = new float[indices.length * sampleSize];
        int[] batchLabels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            batchLabels[i] = labels[indices[i]];
            if (memory != null) {
                System.arraycopy(memory, indices[i] * sampleSize, data, i * sampleSize, sampleSize);
            } else {
                readFromDisk(indices[i], data, i * sampleSize);
            }
        }
        return new Batch(manager.create(data, new Shape(indices.length).addAll(sampleShape)), batchLabels);
    }

    private void readFromDisk(int index, float[] into, int offset) {
        try {
            ByteBuffer bytes = ByteBuffer.allocate(sampleSize * 4).order(ByteOrder.LITTLE_ENDIAN);
            while (bytes.hasRemaining()) {
                if (reader.read(bytes, (long) index * sampleSize * 4 + bytes.position()) < 0) {
                    throw new IOException("the feature cache ends early");
                }
            }
            bytes.flip();
            FloatBuffer floats = bytes.asFloatBuffer();
            floats.get(into, offset, sampleSize);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the feature cache " + file, e);
        }
    }

    public boolean inMemory() {
        return memory != null;
    }

    @Override
    public void close() {
        if (file != null) {
            try {
                reader.close();
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // A temporary file; deleteOnExit removes it later.
            }
        }
    }
}
