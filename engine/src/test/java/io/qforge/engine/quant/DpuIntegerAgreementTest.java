package io.qforge.engine.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.qforge.api.TargetDevice;
import io.qforge.api.context.PluginContext;
import io.qforge.api.graph.Ops;
import io.qforge.api.target.IntegerModel;
import io.qforge.api.target.QuantizedModel;
import io.qforge.api.target.TargetOptions;
import io.qforge.engine.compile.IntegerCheck;
import io.qforge.engine.execution.ForwardMode;
import io.qforge.engine.execution.GraphExecutor;
import io.qforge.engine.fixtures.FixedImages;
import io.qforge.engine.fixtures.TestEngine;
import io.qforge.engine.plugin.PluginRegistry;
import io.qforge.engine.plugin.SpiType;
import io.qforge.engine.progress.Progress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The DPU's integer model against qforge's simulation at 224x224, where ResNet18's and
 * MobileNetV2's global average pools are 7x7 and the DPU multiplies their sums by 21/1024 instead
 * of dividing by 49: with the DPU's arithmetic written into the graph, the two agree on every
 * prediction and on the integers of the output layer. Hashed (random) weights, random inputs.
 */
class DpuIntegerAgreementTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"resnet18", "mobilenet_v2"})
    void integerModelAgreesWithTheSimulationAt224(String arch) {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            manager.getEngine().setRandomSeed(11);
            NDArray calibration = manager.randomNormal(new Shape(4, 3, 224, 224));
            NDArray test = manager.randomNormal(new Shape(6, 3, 224, 224));
            DpuQuantizedTorchvision quantized = DpuQuantizedTorchvision.of(arch, 224, calibration, tmp, manager);
            List<PassRecord> passes = quantized.passes();
            PassRecord arithmetic = passes.stream().filter(p -> p.name().equals("dpuczdx8g: dpu-arithmetic")).findFirst().orElseThrow();
            assertEquals(List.of("avgpool: output_scale 1.0048828 (7x7 window: the DPU multiplies the sum by 21/1024)"), arithmetic.changes());
            QuantizedModel model = quantized.model();
            assertEquals(1.0048828125f, model.graph().nodes().stream().filter(n -> n.op().equals(Ops.GLOBAL_AVG_POOL)).findFirst().orElseThrow()
                    .floatAttr("output_scale", 1f));

            TargetDevice dpu = TestEngine.ENGINE.get(PluginRegistry.class).get(SpiType.TARGET, "dpuczdx8g", "test");
            IntegerModel integer = dpu.integerModel(model, new TargetOptions(Map.of(), TestEngine.ENGINE.get(PluginContext.class))).orElseThrow();
            SimulatedQuantization simulated = SimulatedQuantization.of(model);
            IntegerCheck.Result check = IntegerCheck.run(new FoldedModel(model.graph(), model.parameters()), simulated, model.quantParams(),
                    integer, new FixedImages(test), 3, manager, Progress.silent());
            assertEquals(1.0, check.agreement(), "predictions: " + check.disagreements());

            String output = model.graph().outputs().get(0);
            float[] fromIntegers = integer.quantizedTensors(test).get(output).toFloatArray();
            String input = model.graph().inputs().get(0).name();
            float[] fromSimulation = new GraphExecutor(model.graph()).forward(model.parameters(), simulated.input(input, test),
                    ForwardMode.INFERENCE, simulated).toFloatArray();
            int equal = 0;
            for (int i = 0; i < fromIntegers.length; i++) {
                equal += fromIntegers[i] == fromSimulation[i] ? 1 : 0;
            }
            assertEquals(fromIntegers.length, equal, "integers of " + output + " equal to the simulation's");
            simulated.release();
        }
    }
}
