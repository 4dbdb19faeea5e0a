package dev.pkcefilter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkcefilter.internal.settings.SettingKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The configuration reference's table (docs/configuration.md) is the keys' declarations, and the declarations are
 * what the filter reads.
 */
class ConfigurationReferenceTest {

    @Test
    void referenceWhenItsTableIsReadThenItIsTheDeclarationsExactly() throws Exception {
        List<String> readme = Files.readAllLines(Path.of("..", "docs", "configuration.md"), StandardCharsets.UTF_8);
        int header = readme.indexOf("| key | default | meaning | example |");
        assertTrue(header >= 0, "docs/configuration.md has no table of keys");
        StringBuilder table = new StringBuilder();
        for (int i = header; i < readme.size() && readme.get(i).startsWith("|"); i++) {
            table.append(readme.get(i)).append('\n');
        }
        // On failure, the expected text is the table to paste into docs/configuration.md.
        assertEquals(SettingKey.markdownTable(), table.toString());
    }

    @Test
    void settingsWhenEveryDeclaredKeyIsGivenThenNoneIsUnknown() {
        FilterSettings.Builder every = FilterSettings.builder();
        for (String key : SettingKey.names()) {
            every.set(key, "?");
        }
        SettingsException refused = org.junit.jupiter.api.Assertions.assertThrows(SettingsException.class, every::build);
        List<String> unknown = new ArrayList<>();
        for (String problem : refused.problems()) {
            if (problem.contains("expected a known key")) {
                unknown.add(problem);
            }
        }
        assertEquals(List.of(), unknown);
    }

    @Test
    void settingsWhenASecretKeyHasAValueThenNoProblemQuotesIt() {
        for (SettingKey key : SettingKey.values()) {
            if (key.isSecret()) {
                SettingsException refused = org.junit.jupiter.api.Assertions.assertThrows(SettingsException.class,
                        () -> FilterSettings.builder().set(key.key(), "s3cret-value-of-" + key.key()).build());
                assertFalse(refused.getMessage().contains("s3cret-value-of-"), refused.getMessage());
            }
        }
    }
}
