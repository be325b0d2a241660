package io.hastate.cli;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The house's rules, read from hastate's compiled classes (the tests' own excluded). */
@Timeout(120)
class ArchitectureTest {
    /** core's test jar (its fixtures and tests) is on this classpath too, and is not hastate's code. */
    static final ImportOption NO_TEST_JARS = location -> !location.contains("-tests.jar");
    static final JavaClasses HASTATE = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(NO_TEST_JARS).importPackages("io.hastate");

    /** Every package a slice: no two packages need each other, however indirectly. */
    @Test
    void noPackageDependsOnItselfThroughOthers() {
        slices().matching("io.hastate.(**)").should().beFreeOfCycles().check(HASTATE);
    }

    /** core is the engine and knows nothing of VRRP, of the state functions, or of who calls it. */
    @Test
    void coreDependsOnNoOtherPartOfHastate() {
        noClasses().that().resideInAPackage("io.hastate.core..").should().dependOnClassesThat()
                .resideInAnyPackage("io.hastate.modules..", "io.hastate.ha..", "io.hastate.api..", "io.hastate.watch..", "io.hastate.cli..")
                .check(HASTATE);
    }

    /** A plugin compiles against the SPI alone: it names nothing of hastate's and nothing beyond the JDK. */
    @Test
    void theSpiStandsAlone() {
        noClasses().that().resideInAPackage("io.hastate.spi..").should().dependOnClassesThat()
                .resideOutsideOfPackages("io.hastate.spi..", "java..")
                .check(HASTATE);
    }

    /** The command parses options, calls the API and prints: it reaches neither the engine, the transports nor the pair model. */
    @Test
    void theCommandGoesThroughTheApi() {
        noClasses().that().resideInAPackage("io.hastate.cli..").should().dependOnClassesThat()
                .resideInAnyPackage("io.hastate.core.engine..", "io.hastate.core.transport..", "io.hastate.ha..")
                .check(HASTATE);
    }
}
