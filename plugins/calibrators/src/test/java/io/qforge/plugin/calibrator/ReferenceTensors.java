package io.qforge.plugin.calibrator;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** The tensors the reference tests feed to a calibrator and to its reference, by name. */
final class ReferenceTensors {

    private ReferenceTensors() {}

    /** Ordinary tensors, by name: the distributions calibration meets, plus all-zero, constant and exact halves. */
    static Map<String, float[]> generated() {
        Random r = new Random(2026);
        int n = 3000;
        Map<String, float[]> t = new LinkedHashMap<>();
        float[] normal = new float[n];
        float[] relu = new float[n];
        float[] laplace = new float[n];
        float[] outliers = new float[n];
        float[] tiny = new float[n];
        for (int i = 0; i < n; i++) {
            normal[i] = (float) r.nextGaussian();
            relu[i] = Math.max(0f, (float) r.nextGaussian() * 2);
            double u = r.nextDouble() - 0.5;
            laplace[i] = (float) (-Math.signum(u) * Math.log(1 - 2 * Math.abs(u)) * 0.3);
            outliers[i] = (float) (r.nextGaussian() * 0.1) + (i % 500 == 0 ? 9f : 0f);
            tiny[i] = (float) (r.nextGaussian() * 1e-5);
        }
        t.put("normal", normal);
        t.put("relu", relu);
        t.put("laplace", laplace);
        t.put("outliers", outliers);
        t.put("all-zero", new float[n]);
        float[] constant = new float[n];
        Arrays.fill(constant, 0.7f);
        t.put("constant", constant);
        t.put("tiny", tiny);
        // Exact halves at the scales the search tries: k / 2^(f+1) for several f.
        float[] halves = new float[n];
        for (int i = 0; i < n; i++) {
            int f = 2 + i % 6;
            halves[i] = (float) ((i % 41 - 20) + 0.5) / (1 << f);
        }
        t.put("halves", halves);
        return t;
    }

    /** {@link #generated()} and float edge cases that stress the histograms' bins and the scales' extremes. */
    static Map<String, float[]> withEdgeCases() {
        Map<String, float[]> t = new LinkedHashMap<>(generated());
        Random r = new Random(19);
        // Every bin edge of a 2048-bin histogram over [0, 1], and the floats on either side of it.
        float[] edges = new float[3 * 2049];
        for (int k = 0; k <= 2048; k++) {
            float e = k / 2048f;
            edges[3 * k] = e;
            edges[3 * k + 1] = Math.nextDown(e);
            edges[3 * k + 2] = -Math.min(1f, Math.nextUp(e));
        }
        t.put("bin-edges", edges);
        float[] negativeExtreme = new float[2000];
        float[] subnormal = new float[2000];
        float[] huge = new float[2000];
        float[] spikeAtZero = new float[4000];
        for (int i = 0; i < 2000; i++) {
            negativeExtreme[i] = (float) Math.abs(r.nextGaussian()) * (i == 7 ? -9f : 1f);
            subnormal[i] = (float) (r.nextGaussian() * 1e-42);
            huge[i] = (float) (r.nextGaussian() * 1e37);
        }
        for (int i = 0; i < 4000; i++) {
            spikeAtZero[i] = i % 4 == 0 ? (float) r.nextGaussian() : 0f;
        }
        t.put("negative-extreme", negativeExtreme);
        t.put("subnormal", subnormal);
        t.put("huge", huge);
        t.put("spike-at-zero", spikeAtZero);
        t.put("single", new float[] {-3.3f});
        // 9,999 of 10,000 values at 0.5 and one at 1: the CDF reaches 99.99 % exactly at bin 1024.
        float[] exactPercentile = new float[10_000];
        Arrays.fill(exactPercentile, 0.5f);
        exactPercentile[0] = 1f;
        t.put("exact-percentile", exactPercentile);
        // Uniform on a grid: the CDF crosses many percentages at bin boundaries.
        float[] uniform = new float[8192];
        for (int i = 0; i < uniform.length; i++) {
            uniform[i] = (i % 2048) / 2047f;
        }
        t.put("uniform-grid", uniform);
        return t;
    }

    /** {@code v} cut into three consecutive batches of unequal sizes (a single value stays one batch). */
    static List<float[]> threeBatches(float[] v) {
        if (v.length < 3) {
            return List.of(v);
        }
        int a = v.length / 5;
        int b = v.length / 2;
        return List.of(Arrays.copyOfRange(v, 0, a), Arrays.copyOfRange(v, a, b), Arrays.copyOfRange(v, b, v.length));
    }
}
