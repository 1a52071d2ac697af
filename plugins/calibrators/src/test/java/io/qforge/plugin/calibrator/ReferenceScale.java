package io.qforge.plugin.calibrator;

import io.qforge.api.quant.QuantParams;

/**
 * A clipping threshold t (the range [-t, t] of a signed symmetric grid) turned into the params
 * the plugins output, written from the scale types' documented rules for the reference tests:
 * float scale = t / qmax with PyTorch's floor of float32 eps for an empty range; power of two
 * the first fix position fp0 of REFERENCE.md §3, clamped.
 */
final class ReferenceScale {

    private ReferenceScale() {}

    static QuantParams floatParams(double threshold, int bits) {
        float t = (float) threshold; // the plugins hand ranges over as floats
        float scale = (float) Math.max(t / (double) ReferenceDiffs.qmax(bits), Math.ulp(1f));
        return QuantParams.affine(scale, 0, ReferenceDiffs.qmin(bits), ReferenceDiffs.qmax(bits));
    }

    static QuantParams powerOfTwoParams(double threshold, int bits) {
        float t = (float) threshold;
        int fp = ReferenceDiffs.clamp(ReferenceDiffs.firstFixPosition(-t, t, bits), bits);
        return QuantParams.fixPosition(fp, ReferenceDiffs.qmin(bits), ReferenceDiffs.qmax(bits));
    }

    static QuantParams params(double threshold, int bits, boolean powerOfTwo) {
        return powerOfTwo ? powerOfTwoParams(threshold, bits) : floatParams(threshold, bits);
    }
}
