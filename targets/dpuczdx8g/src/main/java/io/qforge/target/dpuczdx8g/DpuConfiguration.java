package io.qforge.target.dpuczdx8g;

import io.qforge.api.InvalidInputException;
import io.qforge.api.target.TargetOptions;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One DPU configuration, from the config's {@code target} object: a preset (default KV260), an
 * optional {@code size} that overrides the preset's, the {@code vitis_ai_version} ("3.x", the
 * default, or "2.5"), which selects the fingerprint, and {@code strict}.
 */
public record DpuConfiguration(String preset, DpuSize size, int cores, int clockMhz, double ddrGigabytesPerSecond, String vitisAiVersion,
        boolean strict) {

    static final Set<String> KEYS = Set.of("preset", "size", "vitis_ai_version");
    private static final long FINGERPRINT_B4096_3X = 0x101000056010407L;
    private static final long FINGERPRINT_B4096_2_5 = 0x101000016010407L;

    public static DpuConfiguration from(TargetOptions options) {
        options.read(KEYS);
        String presetName = options.string("preset").orElse("KV260").toUpperCase(Locale.ROOT);
        DpuPreset preset = Arrays.stream(DpuPreset.values()).filter(p -> p.name().equals(presetName)).findFirst()
                .orElseThrow(() -> new InvalidInputException("$.target.preset", "'" + presetName + "' is not a DPUCZDX8G preset. Allowed: "
                        + Arrays.toString(DpuPreset.values())));
        DpuSize size = preset.size();
        if (options.string("size").isPresent()) {
            String s = options.string("size").get().toUpperCase(Locale.ROOT);
            size = Arrays.stream(DpuSize.values()).filter(v -> v.name().equals(s)).findFirst()
                    .orElseThrow(() -> new InvalidInputException("$.target.size", "'" + s + "' is not a DPUCZDX8G size. Allowed: "
                            + Arrays.toString(DpuSize.values())));
        }
        String version = options.string("vitis_ai_version").orElse("3.x");
        if (!version.equals("3.x") && !version.equals("2.5")) {
            throw new InvalidInputException("$.target.vitis_ai_version", "'" + version + "' is not supported. Allowed: 3.x (default), 2.5");
        }
        return new DpuConfiguration(preset.name(), size, preset.cores(), preset.clockMhz(), preset.ddrGigabytesPerSecond(), version,
                options.strict());
    }

    /**
     * The arch.json fingerprint the board's DPU reports, when qforge knows it: B4096 for Vitis AI
     * 3.x and 2.5 (REFERENCE.md §5). Other sizes encode other fields, which qforge does not guess.
     */
    public Optional<Long> fingerprint() {
        if (size != DpuSize.B4096) {
            return Optional.empty();
        }
        return Optional.of(vitisAiVersion.equals("2.5") ? FINGERPRINT_B4096_2_5 : FINGERPRINT_B4096_3X);
    }

    public String describe() {
        return String.format(Locale.ROOT, "%s: %d x %s @ %d MHz, Vitis AI %s", preset, cores, size, clockMhz, vitisAiVersion);
    }
}
