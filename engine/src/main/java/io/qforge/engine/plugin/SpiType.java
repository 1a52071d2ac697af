package io.qforge.engine.plugin;

import io.qforge.api.Backbone;
import io.qforge.api.Calibrator;
import io.qforge.api.Dataset;
import io.qforge.api.QforgePlugin;
import io.qforge.api.RoundMode;
import io.qforge.api.ScaleType;
import io.qforge.api.TargetDevice;
import java.util.List;

/** The SPI types the engine discovers, with the words used for them in messages and listings. */
public record SpiType<T extends QforgePlugin>(Class<T> type, String singular, String plural) {

    public static final SpiType<Backbone> BACKBONE = new SpiType<>(Backbone.class, "backbone", "backbones");
    public static final SpiType<Calibrator> CALIBRATOR = new SpiType<>(Calibrator.class, "calibrator", "calibrators");
    public static final SpiType<RoundMode> ROUND_MODE = new SpiType<>(RoundMode.class, "round mode", "round modes");
    public static final SpiType<ScaleType> SCALE_TYPE = new SpiType<>(ScaleType.class, "scale type", "scale types");
    public static final SpiType<TargetDevice> TARGET = new SpiType<>(TargetDevice.class, "target", "targets");
    public static final SpiType<Dataset> DATASET = new SpiType<>(Dataset.class, "dataset", "datasets");

    /** All SPI types, in the order {@code qforge plugins} lists them. */
    public static final List<SpiType<?>> ALL = List.of(BACKBONE, DATASET, CALIBRATOR, ROUND_MODE, SCALE_TYPE, TARGET);

    /** The SPI type of interface {@code type}; fails for a class that is not one of qforge's SPIs. */
    @SuppressWarnings("unchecked")
    public static <T extends QforgePlugin> SpiType<T> of(Class<T> type) {
        for (SpiType<?> spi : ALL) {
            if (spi.type().equals(type)) {
                return (SpiType<T>) spi;
            }
        }
        throw new IllegalArgumentException(type.getName() + " is not a qforge SPI; the SPIs are " + ALL.stream().map(s -> s.type().getSimpleName()).toList());
    }

    /** The service file a plugin jar lists its providers of this type in. */
    public String serviceFile() {
        return "META-INF/services/" + type.getName();
    }
}
