package dev.pkcefilter.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DemoOptionsTest {

    @Test
    void parseWhenNoArgumentsThenPort8080AndEmbeddedProvider() {
        assertEquals(new DemoOptions(8080, Optional.empty(), false, false), DemoOptions.parse());
    }

    @Test
    void parseWhenPortAndConfigGivenThenBothRead() {
        assertEquals(new DemoOptions(9090, Optional.of(Path.of("demo.properties")), false, false),
                DemoOptions.parse("--port", "9090", "--config=demo.properties"));
    }

    @Test
    void parseWhenArgumentUnknownThenNamesIt() {
        IllegalArgumentException failure =
                assertThrows(IllegalArgumentException.class, () -> DemoOptions.parse("--verbose"));
        assertEquals("unknown argument: --verbose", failure.getMessage());
    }

    @Test
    void parseWhenPortNotANumberThenNamesValue() {
        IllegalArgumentException failure =
                assertThrows(IllegalArgumentException.class, () -> DemoOptions.parse("--port", "x"));
        assertEquals("--port: expected 0..65535, found 'x'", failure.getMessage());
    }

    @Test
    void parseWhenValueMissingThenSaysSo() {
        assertThrows(IllegalArgumentException.class, () -> DemoOptions.parse("--config"));
    }

    @Test
    void parseWhenHelpThenHelp() {
        assertTrue(DemoOptions.parse("--help").help());
    }

    @Test
    void parseWhenProviderOnlyWithoutPortThenProviderOnPort9000() {
        assertEquals(new DemoOptions(9000, Optional.empty(), true, false), DemoOptions.parse("--provider-only"));
    }

    @Test
    void parseWhenProviderOnlyWithPortThenThatPort() {
        assertEquals(new DemoOptions(0, Optional.empty(), true, false),
                DemoOptions.parse("--port", "0", "--provider-only"));
    }

    @Test
    void parseWhenProviderOnlyAndConfigThenRefused() {
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> DemoOptions.parse("--provider-only", "--config", "demo.properties"));
        assertEquals("--provider-only and --config exclude each other", failure.getMessage());
    }
}
