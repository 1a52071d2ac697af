package io.qforge.plugin.scaletype;

import io.qforge.api.ScaleType;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.quant.QuantSpec;
import io.qforge.api.quant.Range;
import java.util.ArrayList;
import java.util.List;

/**
 * Float scales with a zero point, for CPU and GPU targets (REFERENCE.md §3, "Float scale").
 *
 * <ul>
 *   <li>Symmetric, signed: scale = amax / qmax, zero point 0.
 *   <li>Symmetric, unsigned: the grid is centred on its middle, as PyTorch's quint8 does: scale =
 *       2 amax / (qmax - qmin), zero point (qmin + qmax + 1) / 2.
 *   <li>Asymmetric: scale = (max - min) / (qmax - qmin), zero point = qmin - round(min / scale),
 *       which for an unsigned grid is Vitis AI's round(-min / scale).
 * </ul>
 */
public final class FloatScale implements ScaleType {

    /** Histogram bins of the search-based calibrators (REFERENCE.md §3). */
    static final int HISTOGRAM_BINS = 2048;
    /** The first candidate bin and the stride between candidates. */
    static final int FIRST_CANDIDATE_BIN = 1536;
    static final int CANDIDATE_STRIDE = 16;

    /** A range of zero width still needs a positive scale; PyTorch's observers use float32 eps. */
    private static final float MIN_SCALE = Math.ulp(1.0f);

    @Override
    public String name() {
        return "float";
    }

    @Override
    public String description() {
        return "float scale and zero point (CPU/GPU)";
    }

    @Override
    public QuantParams fromRange(Range range, QuantSpec spec) {
        long qmin = spec.qmin();
        long qmax = spec.qmax();
        Range r = range.withZero();
        if (spec.symmetric()) {
            double amax = r.absMax();
            if (spec.signed()) {
                return QuantParams.affine(positive(amax / qmax), 0, qmin, qmax);
            }
            long mid = (qmin + qmax + 1) / 2;
            return QuantParams.affine(positive(2 * amax / (qmax - qmin)), mid, qmin, qmax);
        }
        float scale = positive(((double) r.max() - r.min()) / (qmax - qmin));
        long zeroPoint = qmin - (long) Math.rint(r.min() / (double) scale);
        return QuantParams.affine(scale, Math.max(qmin, Math.min(qmax, zeroPoint)), qmin, qmax);
    }

    /**
     * The clipping ranges a histogram search tries: the range shrunk to the centre of bins
     * 1536, 1552, ..., 2032 of a 2048-bin histogram over it, then the full range.
     */
    @Override
    public List<QuantParams> candidates(Range range, QuantSpec spec) {
        List<QuantParams> out = new ArrayList<>();
        for (int bin = FIRST_CANDIDATE_BIN; bin < HISTOGRAM_BINS; bin += CANDIDATE_STRIDE) {
            float fraction = (bin + 0.5f) / HISTOGRAM_BINS;
            out.add(fromRange(new Range(range.min() * fraction, range.max() * fraction), spec));
        }
        out.add(fromRange(range, spec));
        return out;
    }

    private static float positive(double scale) {
        return (float) Math.max(scale, MIN_SCALE);
    }
}
