package io.qforge.target.dpuczdx8g;

/**
 * The DPUCZDX8G sizes (REFERENCE.md §5): pixel, input-channel and output-channel parallelism.
 * Peak operations per cycle are PP x ICP x OCP x 2, e.g. 4096 for B4096.
 */
public enum DpuSize {
    B512(4, 8, 8),
    B800(4, 10, 10),
    B1024(8, 8, 8),
    B1152(4, 12, 12),
    B1600(8, 10, 10),
    B2304(8, 12, 12),
    B3136(8, 14, 14),
    B4096(8, 16, 16);

    private final int pp;
    private final int icp;
    private final int ocp;

    DpuSize(int pp, int icp, int ocp) {
        this.pp = pp;
        this.icp = icp;
        this.ocp = ocp;
    }

    public int pixelParallelism() {
        return pp;
    }

    public int inputChannelParallelism() {
        return icp;
    }

    public int outputChannelParallelism() {
        return ocp;
    }

    public long peakOpsPerCycle() {
        return 2L * pp * icp * ocp;
    }
}
