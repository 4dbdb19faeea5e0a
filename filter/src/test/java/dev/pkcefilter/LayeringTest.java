package dev.pkcefilter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.pkcefilter.internal.engine.CycleFixtureEngine;
import dev.pkcefilter.internal.engine.LoginEngine;
import dev.pkcefilter.internal.web.CycleFixtureWeb;
import dev.pkcefilter.internal.web.UpwardFixture;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The layering of {@link Layering} holds for the filter's main classes, and its two rules catch what they are for. */
class LayeringTest {

    /**
     * The filter's own classes only: from target/classes in this module, from the filter's jar where its test jar
     * runs elsewhere (src/filter-again); never test classes, whose fixtures below break the rules on purpose.
     */
    private static final ImportOption MAIN_CLASSES = location -> !location.contains("/test-classes/")
            && !location.contains("-tests.jar");

    private static JavaClasses filterClasses() {
        return new ClassFileImporter().withImportOption(MAIN_CLASSES).importPackages("dev.pkcefilter");
    }

    @Test
    void filterWhenImportedThenNoCycleBetweenInternalPackages() {
        JavaClasses classes = filterClasses();
        assertTrue(classes.size() > 90, "expected the filter's classes, found " + classes.size());
        Layering.noCycles().check(classes);
    }

    @Test
    void filterWhenImportedThenEveryDependencyPointsDown() {
        List<String> upward = Layering.upwardDependencies(filterClasses());
        assertEquals("", String.join("\n", upward), upward.size() + " dependencies point sideways or up");
    }

    @Test
    void filterWhenImportedThenEveryInternalPackageHasALayer() {
        for (String layer : filterClasses().stream().map(Layering::layerOf).filter(java.util.Objects::nonNull)
                .collect(Collectors.toSet())) {
            Layering.level(layer);
        }
    }

    @Test
    void upwardDependenciesWhenTheBaseUsesTheEngineThenNamesTheDependency() {
        JavaClasses classes = new ClassFileImporter().importClasses(UpwardFixture.class, LoginEngine.class);
        List<String> upward = Layering.upwardDependencies(classes);
        System.out.println("[layering] what an upward dependency reports:\n" + String.join("\n", upward));
        assertTrue(upward.stream().anyMatch(line -> line.startsWith("web (layer 0) -> engine (layer 10): ")
                && line.contains("UpwardFixture") && line.contains("LoginEngine")), upward.toString());
    }

    @Test
    void noCyclesWhenTwoPackagesUseEachOtherThenFailsNamingTheCycle() {
        JavaClasses classes = new ClassFileImporter().importClasses(CycleFixtureWeb.class, CycleFixtureEngine.class);
        AssertionError failure = assertThrows(AssertionError.class, () -> Layering.noCycles().check(classes));
        System.out.println("[layering] what a cycle reports:\n" + failure.getMessage());
        assertTrue(failure.getMessage().contains("Cycle detected: Slice engine -> \n                Slice web -> \n                Slice engine")
                || failure.getMessage().matches("(?s).*Cycle detected: Slice engine\\s*->\\s*Slice web\\s*->\\s*Slice engine.*"),
                failure.getMessage());
    }
}
