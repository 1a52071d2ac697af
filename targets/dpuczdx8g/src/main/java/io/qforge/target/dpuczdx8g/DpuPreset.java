package io.qforge.target.dpuczdx8g;

/**
 * The boards qforge knows (REFERENCE.md §5), with the DDR bandwidth the performance model charges
 * feature maps and weights against: the boards' 64-bit DDR4 interfaces (KV260 and ZCU104 at
 * 2400 MT/s, ZCU102 at 2666 MT/s).
 */
public enum DpuPreset {
    KV260(DpuSize.B4096, 1, 300, 19.2),
    ZCU102(DpuSize.B4096, 3, 281, 21.3),
    ZCU104(DpuSize.B4096, 2, 300, 19.2);

    private final DpuSize size;
    private final int cores;
    private final int clockMhz;
    private final double ddrGigabytesPerSecond;

    DpuPreset(DpuSize size, int cores, int clockMhz, double ddrGigabytesPerSecond) {
        this.size = size;
        this.cores = cores;
        this.clockMhz = clockMhz;
        this.ddrGigabytesPerSecond = ddrGigabytesPerSecond;
    }

    public DpuSize size() {
        return size;
    }

    public int cores() {
        return cores;
    }

    public int clockMhz() {
        return clockMhz;
    }

    public double ddrGigabytesPerSecond() {
        return ddrGigabytesPerSecond;
    }
}
