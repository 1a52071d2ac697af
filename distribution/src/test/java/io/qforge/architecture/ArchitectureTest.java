package io.qforge.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The module rules of DESIGN.md, as sentences. Packages follow the modules: {@code io.qforge.api}
 * (qforge-api), {@code io.qforge.engine} (qforge-engine), {@code io.qforge.plugin.<name>} (one per
 * plugin folder), {@code io.qforge.target.<name>} (one per target), {@code io.qforge.testkit}
 * (qforge-plugin-testkit), {@code io.qforge.cli} (the distribution).
 */
@AnalyzeClasses(packages = "io.qforge", importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.NoTestJars.class})
class ArchitectureTest {

    /** Leaves out the engine's test-jar, which the end-to-end tests use. */
    static final class NoTestJars implements ImportOption {
        @Override
        public boolean includes(com.tngtech.archunit.core.importer.Location location) {
            return !location.contains("-tests.jar");
        }
    }

    @ArchTest
    static final ArchRule apiDependsOnlyOnTheJdkDjlAndJacksonAnnotations = classes()
            .that().resideInAPackage("io.qforge.api..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(
                    "io.qforge.api..", "java..", "ai.djl..", "com.fasterxml.jackson.annotation..")
            .because("qforge-api is the small contract plugin authors compile against: no Guice, no databind, no engine");

    @ArchTest
    static final ArchRule engineDependsOnNoPluginOrTarget = noClasses()
            .that().resideInAPackage("io.qforge.engine..")
            .should().dependOnClassesThat().resideInAnyPackage("io.qforge.plugin..", "io.qforge.target..", "io.qforge.cli..")
            .because("the engine finds plugins and targets through the SPI only");

    @ArchTest
    static final ArchRule pluginsDependOnNoEngineTargetOrGuice = noClasses()
            .that().resideInAPackage("io.qforge.plugin..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.qforge.engine..", "io.qforge.target..", "io.qforge.cli..", "com.google.inject..",
                    "com.fasterxml.jackson.databind..")
            .because("a plugin is plain Java against qforge-api");

    @ArchTest
    static final ArchRule pluginsDependOnNoOtherPlugin = slices()
            .matching("io.qforge.plugin.(*)..")
            .should().notDependOnEachOther()
            .because("plugins are loaded in class loaders of their own");

    @ArchTest
    static final ArchRule targetsDependOnNoEngineOrPlugin = noClasses()
            .that().resideInAPackage("io.qforge.target..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.qforge.engine..", "io.qforge.plugin..", "io.qforge.cli..", "com.google.inject..")
            .allowEmptyShould(true)
            .because("a target depends on qforge-api and its own libraries only");

    @ArchTest
    static final ArchRule targetsDependOnNoOtherTarget = slices()
            .matching("io.qforge.target.(*)..")
            .should().notDependOnEachOther()
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule testkitSeesWhatAPluginSees = noClasses()
            .that().resideInAPackage("io.qforge.testkit..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.qforge.engine..", "io.qforge.plugin..", "io.qforge.target..", "io.qforge.cli..", "com.google.inject..")
            .because("the testkit runs a third-party plugin with what qforge gives it: the API and plugins found by ServiceLoader");

    @ArchTest
    static final ArchRule onlyTheEngineUsesGuice = noClasses()
            .that().resideOutsideOfPackages("io.qforge.engine..", "io.qforge.cli..")
            .should().dependOnClassesThat().resideInAPackage("com.google.inject..")
            .because("plugin authors never touch Guice; the engine wires everything at startup");

    // Inside the engine.

    /** Words that name a target, a device or a board; the engine leaves them to the target plugins. */
    private static final String TARGET_WORDS = "(?i).*(dpu|xir|xmodel|kv260|zcu10|onnxruntime|fingerprint).*";

    @ArchTest
    static final ArchRule engineClassesNameNoTarget = noClasses()
            .that().resideInAPackage("io.qforge.engine..")
            .should().haveNameMatching(TARGET_WORDS)
            .because("a target owns its rules: the engine knows no target, device or board by name (TargetDevice and QuantizationRules carry them)");

    @ArchTest
    static final ArchRule engineFieldsNameNoTarget = noFields()
            .that().areDeclaredInClassesThat().resideInAPackage("io.qforge.engine..")
            .should().haveNameMatching(TARGET_WORDS)
            .because("a target's rules live in the target plugin");

    @ArchTest
    static final ArchRule engineMethodsNameNoTarget = noMethods()
            .that().areDeclaredInClassesThat().resideInAPackage("io.qforge.engine..")
            .should().haveNameMatching(TARGET_WORDS)
            .because("a target's rules live in the target plugin");

    @ArchTest
    static final ArchRule enginePackagesHaveNoCycles = slices()
            .matching("io.qforge.engine.(*)..")
            .should().beFreeOfCycles()
            .because("each engine package sits on the ones below it: io, plugin, rules, config, data, weights, execution, quant, compile, stage, tune, pipeline");

    @ArchTest
    static final ArchRule configDependsOnNoLaterStep = noClasses()
            .that().resideInAPackage("io.qforge.engine.config..")
            .should().dependOnClassesThat().resideInAnyPackage("io.qforge.engine.weights..", "io.qforge.engine.quant..",
                    "io.qforge.engine.training..", "io.qforge.engine.compile..", "io.qforge.engine.stage..", "io.qforge.engine.pipeline..",
                    "io.qforge.engine.execution..", "io.qforge.engine.data..")
            .because("loading a config needs no weights, data or stage of a run");

    @ArchTest
    static final ArchRule ioIsTheBottomOfTheEngine = noClasses()
            .that().resideInAPackage("io.qforge.engine.io..")
            .should().dependOnClassesThat().resideInAnyPackage("io.qforge.engine.config..", "io.qforge.engine.plugin..",
                    "io.qforge.engine.rules..", "io.qforge.engine.quant..", "io.qforge.engine.compile..", "io.qforge.engine.stage..",
                    "io.qforge.engine.pipeline..", "io.qforge.engine.training..", "io.qforge.engine.weights..")
            .because("atomic files, JSON files and staging serve every other package");

    @ArchTest
    static final ArchRule rulesKnowNoStep = noClasses()
            .that().resideInAPackage("io.qforge.engine.rules..")
            .should().dependOnClassesThat().resideInAnyPackage("io.qforge.engine.config..", "io.qforge.engine.quant..",
                    "io.qforge.engine.compile..", "io.qforge.engine.stage..", "io.qforge.engine.pipeline..")
            .because("finding and guarding a target's rules is below config loading and quantization, which use it");
}
