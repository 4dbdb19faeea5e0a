package dev.pkcefilter.example.springboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkcefilter.SettingsException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class PkceFilterConfigurationTest {

    private static StandardEnvironment environment(Map<String, Object> first, Map<String, Object> second) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("second", second));
        environment.getPropertySources().addFirst(new MapPropertySource("first", first));
        return environment;
    }

    @Test
    void settingsWhenPkcefilterPropertiesOfThePlainFilterAreSetThenNotReadAsKeys() {
        StandardEnvironment environment = environment(Map.of(
                "pkce-filter.issuer", "${app.issuer}",
                "pkce-filter.client.id", "app",
                "pkce-filter.client.secret", "the-secret-value",
                // Where the filter finds its file in a plain servlet container; relaxed binding made it a key "config".
                "pkcefilter.config", "/etc/pkce-filter.properties",
                "app.issuer", "http://127.0.0.1:9000"), Map.of("pkce-filter.client.id", "loses-to-the-first-source"));

        String shown = PkceFilterConfiguration.settings(environment).toString();
        assertTrue(shown.contains("issuer=http://127.0.0.1:9000"), "placeholders resolved: " + shown);
        assertTrue(shown.contains("client.id=app"), "the first source wins: " + shown);
    }

    @Test
    void settingsWhenAKeyUnderThePrefixIsUnknownThenTheFilterStillRefusesIt() {
        StandardEnvironment environment = environment(Map.of("pkce-filter.issuer", "http://127.0.0.1:9000",
                "pkce-filter.client.id", "app", "pkce-filter.client.secret", "s", "pkce-filter.client.secert", "x"), Map.of());
        SettingsException refused = assertThrows(SettingsException.class, () -> PkceFilterConfiguration.settings(environment));
        assertEquals(List.of("client.secert: expected a known key (did you mean client.secret?), found an unknown key"),
                refused.problems());
    }
}
