package io.diffood;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The architecture in four rules; read these first.
 * <ol>
 * <li>The scoring core (diffusion, model, image, score, detect, and the OOD-rate monitor) takes plain values and
 * throws its own errors: it knows no web framework, no configuration framework, and nothing of the edge that uses
 * it.</li>
 * <li>The edge is {@code config} (properties to core records, once) and {@code function} (HTTP, CloudEvents,
 * health, metrics): thin, and never reaching into the tools.</li>
 * <li>The tools ({@code src/tools/java}: training, evaluation, bundle fitting) use the core and the configuration
 * like any client; they are compiled with the tests and never packaged with the function.</li>
 * <li>No package cycles.</li>
 * </ol>
 */
class ArchitectureTest {

    // plain JUnit tests rather than @ArchTest fields: Surefire 3.5.3+ skips those fields (TNG/ArchUnit#1442)
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(new ProductAndTools()).importPackages("io.diffood");

    private static final String[] CORE = {"io.diffood.diffusion..", "io.diffood.model..", "io.diffood.image..",
            "io.diffood.score..", "io.diffood.detect..", "io.diffood.monitor.."};

    static final ArchRule coreKnowsNoFrameworks = noClasses().that().resideInAnyPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "io.smallrye..",
                    "org.eclipse.microprofile..", "io.vertx..", "jakarta..", "com.fasterxml.jackson..",
                    "io.micrometer..")
            .because("the scoring core must be usable and testable without the web layer or its configuration");

    static final ArchRule coreKnowsNoEdge = noClasses().that().resideInAnyPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage("io.diffood.config..", "io.diffood.function..",
                    "io.diffood.tools..")
            .because("configuration and HTTP status live at the edge; the core throws its own exceptions");

    static final ArchRule functionDoesNotReachTheTools = noClasses().that().resideInAnyPackage(
                    "io.diffood.function..", "io.diffood.config..")
            .should().dependOnClassesThat().resideInAPackage("io.diffood.tools..")
            .because("the tools are not packaged with the function");

    static final ArchRule noCycles = slices().matching("io.diffood.(*)..").should().beFreeOfCycles();

    @Test
    void coreKnowsNoFrameworks() {
        coreKnowsNoFrameworks.check(CLASSES);
    }

    @Test
    void coreKnowsNoEdge() {
        coreKnowsNoEdge.check(CLASSES);
    }

    @Test
    void functionDoesNotReachTheTools() {
        functionDoesNotReachTheTools.check(CLASSES);
    }

    @Test
    void noCycles() {
        noCycles.check(CLASSES);
    }

    @Test
    void theToolsAreAnalysedToo() {
        assertTrue(CLASSES.contain("io.diffood.tools.DiffoodTools"), "the tools must be under the rules");
        assertFalse(CLASSES.contain("io.diffood.ArchitectureTest"), "tests are not part of the architecture");
    }

    @Test
    void theServingBuildHoldsNoToolClass() {
        assertFalse(Files.exists(Path.of("target/classes/io/diffood/tools")),
                "tool classes were compiled into the function's classes");
    }

    /** Product classes (target/classes) and tool classes; the tests themselves are not part of the architecture. */
    static final class ProductAndTools implements ImportOption {
        private static final Pattern TEST_CLASS = Pattern.compile(".*Test(\\$.*)?\\.class");

        @Override
        public boolean includes(Location location) {
            return !location.contains("/test-classes/") || location.contains("/io/diffood/tools/")
                    && !location.matches(TEST_CLASS);
        }
    }
}
