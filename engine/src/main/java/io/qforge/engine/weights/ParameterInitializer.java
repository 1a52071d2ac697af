package io.qforge.engine.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.ParameterSpec;
import io.qforge.api.graph.Parameters;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Fresh parameter values, as PyTorch initialises them, drawn from a seeded generator in Java so
 * that the same seed gives the same bits on every machine:
 *
 * <ul>
 *   <li>{@code kaiming_normal_fan_out}: N(0, 2 / fan_out), torchvision's ResNet conv init;
 *   <li>{@code linear_uniform}: U(-1/sqrt(fan_in), 1/sqrt(fan_in)), nn.Linear's default, for its
 *       weight and bias;
 *   <li>{@code ones}, {@code zeros}.
 * </ul>
 */
public final class ParameterInitializer {

    private ParameterInitializer() {}

    public static Parameters initialize(Graph graph, NDManager manager, long seed) {
        Map<String, NDArray> values = new LinkedHashMap<>();
        for (ParameterSpec p : graph.parameters().values()) {
            values.put(p.name(), initialize(p, graph, manager, seed));
        }
        return new Parameters(values);
    }

    /** One parameter; its generator depends on the seed and its name only. */
    public static NDArray initialize(ParameterSpec p, Graph graph, NDManager manager, long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ nameHash(p.name()));
        float[] v = new float[Math.toIntExact(p.size())];
        switch (p.init()) {
            case "zeros" -> { }
            case "ones" -> Arrays.fill(v, 1f);
            case "kaiming_normal_fan_out" -> {
                Shape s = p.shape();
                double std = Math.sqrt(2.0 / (s.get(0) * (s.size() / (s.get(0) * s.get(1)))));
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (gaussian(random) * std);
                }
            }
            case "linear_uniform" -> {
                double bound = 1.0 / Math.sqrt(fanIn(p, graph));
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
                }
            }
            default -> throw new IllegalArgumentException("parameter " + p.name() + " has the unknown initialiser '" + p.init() + "'");
        }
        return manager.create(v, p.shape());
    }

    /** A linear layer's fan-in: its weight's second dimension, also for the bias. */
    private static long fanIn(ParameterSpec p, Graph graph) {
        if (p.shape().dimension() >= 2) {
            return p.shape().get(1);
        }
        String weight = p.name().substring(0, p.name().lastIndexOf('.')) + ".weight";
        ParameterSpec w = graph.parameters().get(weight);
        return w == null ? p.shape().get(0) : w.shape().get(1);
    }

    /** A standard normal value (Box-Muller), deterministic given the generator. */
    private static double gaussian(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** A stable 64-bit hash of a name (FNV-1a), unlike String.hashCode's 32 bits. */
    private static long nameHash(String name) {
        long h = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return h;
    }
}
