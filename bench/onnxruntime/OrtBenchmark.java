// ONNX Runtime int8 (QDQ) against ONNX Runtime fp32 on the files `qforge compile` wrote for the
// onnxruntime-cpu target: top-1 of each on the test split, and throughput at batch 1 and 32,
// interleaved round by round. A single-file Java program against the distribution's lib/ (see run.sh).
//
//   java -cp "DIST/lib/*" OrtBenchmark.java RUN_CONFIG COMPILED_DIR THREADS ROUNDS

import ai.djl.ndarray.NDManager;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.qforge.engine.Engine;
import io.qforge.engine.config.ConfigLoader;
import io.qforge.engine.config.run.RunConfig;
import io.qforge.engine.data.Batch;
import io.qforge.engine.data.BatchSource;
import io.qforge.engine.data.DatasetSplits;
import io.qforge.engine.data.Datasets;
import io.qforge.engine.data.ImageBatches;
import io.qforge.engine.data.ImagePreprocessor;
import io.qforge.target.onnxruntime.OrtSessionOptions;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

public class OrtBenchmark {

    public static void main(String[] args) throws Exception {
        RunConfig run = Engine.start(null).get(ConfigLoader.class).load(Path.of(args[0])).run();
        Path compiled = Path.of(args[1]);
        int threads = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        Engine engine = Engine.start(null);
        DatasetSplits data = engine.get(Datasets.class).open(run.dataset(), "$.dataset", run.seed());
        ImageBatches test = new ImageBatches(data.test(), new ImagePreprocessor(run.preprocessing(), 3), false, "test");
        int h = run.preprocessing().height();
        int w = run.preprocessing().width();
        int sample = 3 * h * w;
        float[] images = new float[test.size() * sample];
        int[] labels = new int[test.size()];
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            int at = 0;
            for (int[] idx : BatchSource.epochOrder(test.size(), 256, false, 0, 0)) {
                try (Batch b = test.batch(idx, m, false, 0)) {
                    System.arraycopy(b.inputs().toFloatArray(), 0, images, at * sample, idx.length * sample);
                    System.arraycopy(b.labels(), 0, labels, at, idx.length);
                    at += idx.length;
                }
            }
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        // The target's own session options (full optimisation, no spinning), for fp32 and int8 alike.
        OrtSession.SessionOptions options = OrtSessionOptions.tuned(threads);
        try (OrtSession fp32 = env.createSession(compiled.resolve("model_fp32.onnx").toString(), options);
                OrtSession int8 = env.createSession(compiled.resolve("model_int8.onnx").toString(), options)) {
            int[] p32 = predict(env, fp32, images, labels.length, sample, h, w);
            int[] p8 = predict(env, int8, images, labels.length, sample, h, w);
            int c32 = 0;
            int c8 = 0;
            int agree = 0;
            for (int i = 0; i < labels.length; i++) {
                c32 += p32[i] == labels[i] ? 1 : 0;
                c8 += p8[i] == labels[i] ? 1 : 0;
                agree += p32[i] == p8[i] ? 1 : 0;
            }
            System.out.printf("{\"images\": %d, \"ort_fp32_top1\": %.2f, \"ort_int8_top1\": %.2f, \"fp32_int8_agreement\": %.2f}%n", labels.length,
                    100.0 * c32 / labels.length, 100.0 * c8 / labels.length, 100.0 * agree / labels.length);
            for (int batch : new int[] {1, 32}) {
                List<Double> f = new ArrayList<>();
                List<Double> q = new ArrayList<>();
                for (int r = -1; r < rounds; r++) {
                    double a = throughput(env, fp32, images, sample, h, w, batch);
                    double b = throughput(env, int8, images, sample, h, w, batch);
                    if (r >= 0) {
                        f.add(a);
                        q.add(b);
                    }
                }
                double mf = median(f);
                double mq = median(q);
                System.out.printf("{\"batch\": %d, \"threads\": %d, \"ort_fp32_img_s\": %.1f, \"ort_int8_img_s\": %.1f, \"int8_over_fp32\": %.2f}%n",
                        batch, threads, mf, mq, mq / mf);
            }
        }
    }

    private static int[] predict(OrtEnvironment env, OrtSession s, float[] images, int n, int sample, int h, int w) throws Exception {
        int[] out = new int[n];
        for (int start = 0; start < n; start += 256) {
            int count = Math.min(256, n - start);
            float[][] logits = run(env, s, Arrays.copyOfRange(images, start * sample, (start + count) * sample), count, h, w);
            for (int i = 0; i < count; i++) {
                int best = 0;
                for (int c = 1; c < logits[i].length; c++) {
                    best = logits[i][c] > logits[i][best] ? c : best;
                }
                out[start + i] = best;
            }
        }
        return out;
    }

    /** Images per second over 256 images one by one, or 2,048 in larger batches, as the peer measures. */
    private static double throughput(OrtEnvironment env, OrtSession s, float[] images, int sample, int h, int w, int batch) throws Exception {
        int total = batch == 1 ? 256 : 2048;
        long start = System.nanoTime();
        for (int done = 0; done < total; done += batch) {
            int offset = (done % 4000) * sample;
            run(env, s, Arrays.copyOfRange(images, offset, offset + batch * sample), batch, h, w);
        }
        return total / ((System.nanoTime() - start) / 1e9);
    }

    private static float[][] run(OrtEnvironment env, OrtSession s, float[] x, int batch, int h, int w) throws Exception {
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {batch, 3, h, w});
                OrtSession.Result r = s.run(Map.of(s.getInputNames().iterator().next(), t))) {
            return (float[][]) r.get(0).getValue();
        }
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        return s.get(s.size() / 2);
    }
}
