package io.qforge.target.dpuczdx8g;

import io.qforge.api.InvalidInputException;
import io.qforge.api.TargetDevice;
import io.qforge.api.graph.Graph;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.rules.QuantizationRules;
import io.qforge.api.target.CompiledArtifacts;
import io.qforge.api.target.InspectionReport;
import io.qforge.api.target.IntegerModel;
import io.qforge.api.target.PerformanceEstimate;
import io.qforge.api.target.QuantizedModel;
import io.qforge.api.target.StagedDirectory;
import io.qforge.api.target.TargetOptions;
import io.qforge.target.dpuczdx8g.xir.XmodelWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The Xilinx DPUCZDX8G on Zynq UltraScale+ boards (KV260, ZCU102, ZCU104). Compiling writes the
 * quantized XIR graph {@code <net>_int.xmodel}, {@code arch.json} with the board's fingerprint,
 * {@code meta.json}, {@code compile.sh} (the {@code vai_c_xir} command) and a deploy bundle, and
 * runs {@code vai_c_xir} when it is on the PATH.
 */
public final class Dpuczdx8gTarget implements TargetDevice {

    @Override
    public String name() {
        return "dpuczdx8g";
    }

    @Override
    public String description() {
        return "Xilinx DPUCZDX8G (KV260, ZCU102, ZCU104): XIR xmodel, arch.json, inspector, performance model";
    }

    @Override
    public List<String> presets() {
        return Arrays.stream(DpuPreset.values()).map(Enum::name).toList();
    }

    @Override
    public Set<String> vitisTargetDevices() {
        return Set.of("DPU");
    }

    @Override
    public QuantizationRules quantizationRules(TargetOptions options) {
        return new DpuQuantizationRules(options.context().plugins(), DpuConfiguration.from(options).strict());
    }

    @Override
    public InspectionReport inspect(Graph graph, TargetOptions options) {
        DpuConfiguration.from(options);
        return DpuInspector.inspect(graph);
    }

    @Override
    public Optional<IntegerModel> integerModel(QuantizedModel model, TargetOptions options) {
        DpuConfiguration.from(options);
        return Optional.of(new DpuIntegerModel(model));
    }

    @Override
    public PerformanceEstimate estimate(Graph graph, TargetOptions options) {
        return DpuPerformanceModel.estimate(graph, DpuConfiguration.from(options));
    }

    @Override
    public CompiledArtifacts compile(QuantizedModel model, Path outDir, TargetOptions options) throws IOException {
        DpuConfiguration config = DpuConfiguration.from(options);
        long fingerprint = config.fingerprint().orElseThrow(() -> new InvalidInputException("$.target.size", "qforge knows the arch.json "
                + "fingerprint of the B4096 only, and " + config.size() + " was asked for. Use size B4096 (all three presets), or write "
                + "arch.json from your board's /opt/xilinx/overlaybins"));
        ShiftCheck.require(model);
        String net = model.graph().name();
        List<Path> files = StagedDirectory.write(outDir, staging -> {
            Files.write(staging.resolve(net + "_int.xmodel"), XmodelWriter.write(model, net).toByteArray());
            write(staging.resolve("arch.json"), "{\"fingerprint\": \"0x" + Long.toHexString(fingerprint).toUpperCase(Locale.ROOT) + "\"}\n");
            write(staging.resolve("meta.json"), DeployBundle.meta(model, config));
            write(staging.resolve("compile.sh"), compileScript(net, config));
            staging.resolve("compile.sh").toFile().setExecutable(true);
            DeployBundle.write(staging.resolve("deploy"), model, net);
        });
        List<String> messages = new ArrayList<>();
        messages.add("target " + config.describe() + ", fingerprint 0x" + Long.toHexString(fingerprint));
        messages.add(VaiCompiler.run(outDir, options.context().executable(VaiCompiler.PROGRAM)));
        return new CompiledArtifacts(files, messages);
    }

    static String compileScript(String net, DpuConfiguration config) {
        return "#!/bin/sh\n"
                + "# Compiles " + net + "_int.xmodel for " + config.describe() + ".\n"
                + "# Run it where Vitis AI's vai_c_xir is installed (the Vitis AI docker image).\n"
                + "set -e\n"
                + "cd \"$(dirname \"$0\")\"\n"
                + "vai_c_xir --xmodel " + net + "_int.xmodel --arch arch.json --output_dir . --net_name " + net + "\n";
    }

    /** The fix position of the model input, the scale a board-side runner multiplies inputs by. */
    static int inputFixPosition(QuantizedModel model) {
        QuantParams p = model.quantParams().get(model.graph().inputs().get(0).name());
        if (p == null || !p.isPowerOfTwo()) {
            throw new InvalidInputException("$.quantization", "the DPU needs a quantized model input with a power-of-two scale. "
                    + "Include \"input\" in quantizable_data_type");
        }
        return p.fixPosition(0).orElseThrow();
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

}
