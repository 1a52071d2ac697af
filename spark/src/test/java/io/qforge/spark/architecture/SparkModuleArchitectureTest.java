package io.qforge.spark.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The Spark add-on's place among the modules (docs/architecture.md): it uses the engine and the command line, and nothing uses it. */
@AnalyzeClasses(packages = "io.qforge", importOptions = ImportOption.DoNotIncludeTests.class)
class SparkModuleArchitectureTest {

    @ArchTest
    static final ArchRule nothingElseDependsOnTheAddOn = noClasses()
            .that().resideOutsideOfPackage("io.qforge.spark..")
            .should().dependOnClassesThat().resideInAPackage("io.qforge.spark..")
            .because("the default distribution runs without the add-on, which it finds with ServiceLoader");

    @ArchTest
    static final ArchRule theAddOnNamesNoPluginOrTarget = noClasses()
            .that().resideInAPackage("io.qforge.spark..")
            .should().dependOnClassesThat().resideInAnyPackage("io.qforge.plugin..", "io.qforge.target..")
            .because("plugins and targets reach the executors through the engine, as the driver's do");

    @ArchTest
    static final ArchRule nothingElseUsesSpark = noClasses()
            .that().resideOutsideOfPackage("io.qforge.spark..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "org.apache.hadoop..")
            .because("Spark is only in the add-on");
}
