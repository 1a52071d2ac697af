// ONNX Runtime session options and model forms against each other: each MODEL|OPTIONS spec is
// opened once and timed at batch 1 (256 images) and 32 (2,048), interleaved round by round, on
// random 3x32x32 inputs; each median is printed with its ratio to the first spec. Also saves a
// model as ONNX Runtime optimises it (the QOperator form at EXTENDED_OPT). Figures:
// docs/onnxruntime.md. A single-file Java program against the distribution's lib/.
//
//   java -cp "DIST/lib/*" OrtOptions.java time THREADS ROUNDS 'model_fp32.onnx|nospin' 'model_int8.onnx|nospin,t1' ...
//   java -cp "DIST/lib/*" OrtOptions.java optimise MODEL OUT EXTENDED_OPT|ALL_OPT
//
// OPTIONS (comma-separated, on top of full optimisation and THREADS intra-op threads): nospin
// (session.intra_op.allow_spinning 0), noarena, ext (extended optimisation), t1 (one thread),
// seq (sequential execution, one inter-op thread).

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

public class OrtOptions {

    private static final int SAMPLE = 3 * 32 * 32;

    public static void main(String[] a) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        if (a[0].equals("optimise")) {
            try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
                o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.valueOf(a[3]));
                o.setOptimizedModelFilePath(a[2]);
                env.createSession(a[1], o).close();
            }
            return;
        }
        int threads = Integer.parseInt(a[1]);
        int rounds = Integer.parseInt(a[2]);
        List<String> specs = Arrays.asList(a).subList(3, a.length);
        List<OrtSession> sessions = new ArrayList<>();
        for (String spec : specs) {
            String[] parts = spec.split("\\|");
            OrtSession.SessionOptions o = new OrtSession.SessionOptions();
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            o.setIntraOpNumThreads(threads);
            for (String option : parts.length > 1 ? parts[1].split(",") : new String[0]) {
                switch (option) {
                    case "nospin" -> o.addConfigEntry("session.intra_op.allow_spinning", "0");
                    case "noarena" -> o.setCPUArenaAllocator(false);
                    case "ext" -> o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.EXTENDED_OPT);
                    case "t1" -> o.setIntraOpNumThreads(1);
                    case "seq" -> {
                        o.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
                        o.setInterOpNumThreads(1);
                    }
                    default -> throw new IllegalArgumentException("unknown option " + option + " in " + spec);
                }
            }
            sessions.add(env.createSession(parts[0], o));
        }
        Random random = new Random(1);
        float[] images = new float[64 * SAMPLE];
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) random.nextGaussian();
        }
        for (int batch : new int[] {1, 32}) {
            List<List<Double>> times = new ArrayList<>();
            sessions.forEach(s -> times.add(new ArrayList<>()));
            for (int round = -1; round < rounds; round++) {
                for (int s = 0; s < sessions.size(); s++) {
                    double v = throughput(env, sessions.get(s), images, batch);
                    if (round >= 0) {
                        times.get(s).add(v);
                    }
                }
            }
            StringBuilder line = new StringBuilder("batch " + batch + ":");
            double first = median(times.get(0));
            for (int s = 0; s < sessions.size(); s++) {
                line.append(String.format(" [%s] %.0f img/s (%.2fx)", specs.get(s).replaceAll(".*/", ""), median(times.get(s)),
                        median(times.get(s)) / first));
            }
            System.out.println(line);
        }
    }

    private static double throughput(OrtEnvironment env, OrtSession s, float[] images, int batch) throws Exception {
        int total = batch == 1 ? 256 : 2048;
        long start = System.nanoTime();
        for (int done = 0; done < total; done += batch) {
            int offset = (done % 32) * SAMPLE;
            try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(Arrays.copyOfRange(images, offset, offset + batch * SAMPLE)),
                    new long[] {batch, 3, 32, 32});
                    OrtSession.Result r = s.run(Map.of(s.getInputNames().iterator().next(), t))) {
                // only the time counts
            }
        }
        return total / ((System.nanoTime() - start) / 1e9);
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        return s.get(s.size() / 2);
    }
}
