package dev.pkcefilter;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pkcefilter.internal.settings.PropertyReferences;
import dev.pkcefilter.internal.settings.SettingKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A settings file with its {@code ${env:...}} and {@code ${sys:...}} references: the reference resolver ends in
 * a value or {@link PropertyReferences.UnresolvedReference}, and the settings in a filter's settings or a
 * {@link SettingsException}, never another exception, and no message quotes the client secret. ({@code ${file:...}}
 * is left out: the fuzzer would read the machine's files; {@code FilterSettingsTest} covers it, /dev/zero included.)
 */
class SettingsFuzzTest {

    private static final List<String> KEYS = SettingKey.names();
    /** Marked by a character that no other value can hold: no concatenation of resolved values can make it. */
    private static final char MARK = '\u2603';
    private static final String SECRET = "fuzz" + MARK + "secret" + MARK + "7f3a9c1e5b";

    @FuzzTest(maxDuration = "3s")
    void fuzz(FuzzedDataProvider data) {
        check(data);
    }

    /** For a longer run with Jazzer's command line: see FUZZING.md. */
    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        check(data);
    }

    /**
     * Any text the fuzzer gives, without {@code ${file:} references and without the secret's marking character: the
     * secret must be the value of {@code client.secret} only, so that its text in a message can only be a leak.
     */
    private static String noFiles(String value) {
        return value.replace("${file:", "${env:").replace(String.valueOf(MARK), "");
    }

    static void check(FuzzedDataProvider data) {
        Map<String, String> environment = new HashMap<>();
        environment.put(noFiles(data.consumeString(10)), noFiles(data.consumeString(30)));
        try {
            PropertyReferences.resolve(noFiles(data.consumeString(100)), environment::get);
        } catch (PropertyReferences.UnresolvedReference refused) {
            // documented
        }
        Properties properties = new Properties();
        properties.setProperty("client.secret", SECRET);
        int count = data.consumeInt(0, 8);
        for (int i = 0; i < count; i++) {
            String key = data.consumeBoolean() ? data.pickValue(KEYS)
                    : data.consumeBoolean() ? "provider." + data.consumeAsciiString(8) + "." + data.pickValue(KEYS)
                    : data.consumeString(20);
            String value = noFiles(data.consumeString(60));
            if (key.endsWith("key") || key.endsWith("certificate") || key.endsWith("store")) {
                // Paths the filter would open (left to the key readers' own target), and cluster.store's class name,
                // which the filter would load and construct.
                continue;
            }
            properties.setProperty(key, value);
        }
        try {
            FilterSettings.fromProperties(properties, environment::get);
        } catch (SettingsException refused) {
            assertFalse(String.valueOf(refused.getMessage()).contains(SECRET), refused.getMessage());
        }
    }
}
