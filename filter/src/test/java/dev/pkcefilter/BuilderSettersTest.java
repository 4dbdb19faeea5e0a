package dev.pkcefilter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkcefilter.internal.settings.SettingKey;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Every declared key has one typed builder setter, and each setter writes the value a properties file would. */
class BuilderSettersTest {

    /** Builder methods that are not one key's setter: the raw setters, the code-only values, and build. */
    private static final Set<String> NOT_KEY_SETTERS = Set.of("set", "provider", "clock", "clusterStore", "build");

    @Test
    void builderWhenEachTypedSetterIsCalledThenTogetherTheySetEveryDeclaredKeyOnce() throws Exception {
        Set<String> covered = new TreeSet<>();
        List<String> notOneKey = new ArrayList<>();
        for (Method setter : FilterSettings.Builder.class.getDeclaredMethods()) {
            if (!Modifier.isPublic(setter.getModifiers()) || NOT_KEY_SETTERS.contains(setter.getName())) {
                continue;
            }
            FilterSettings.Builder builder = FilterSettings.builder();
            setter.invoke(builder, sampleFor(setter.getParameterTypes()[0]));
            Map<String, String> given = builder.given();
            if (given.size() != 1) {
                notOneKey.add(setter.getName() + " set " + given.keySet());
            }
            covered.addAll(given.keySet());
        }
        assertEquals(List.of(), notOneKey);
        assertEquals(new TreeSet<>(SettingKey.names()), covered, "keys without a typed setter, or setters of unknown keys");
    }

    @Test
    void builderWhenTypedValuesAreGivenThenTheyAreWrittenInEachKeysUnit() {
        Map<String, String> given = FilterSettings.builder().connectTimeout(Duration.ofSeconds(2)).refreshMargin(Duration.ofMinutes(1))
                .logoutAllowGet(true).allowedHosts("a.example.com", "b.example.com").maxPendingLogins(5).given();
        assertEquals(Map.of("http.connect-timeout-ms", "2000", "tokens.refresh-margin-seconds", "60", "logout.allow-get", "true",
                "proxy.allowed-hosts", "a.example.com,b.example.com", "login.max-pending", "5"), given);
    }

    @Test
    void buildWhenADurationDoesNotFitTheKeysUnitThenItIsRefusedNotRounded() {
        SettingsException refused = assertThrows(SettingsException.class, () -> FilterSettings.builder().issuer("http://127.0.0.1:9")
                .clientId("app").clientSecret("s").refreshMargin(Duration.ofMillis(1500)).build());
        assertEquals(List.of("tokens.refresh-margin-seconds: expected a whole number from 0 to 600, found 'PT1.5S'"), refused.problems());
    }

    @Test
    void toStringWhenBuiltThenEachKeyInEffectIsShownAndEachKeyThatIsOffIsLeftOut() {
        String shown = FilterSettings.builder().issuer("http://127.0.0.1:9").clientId("app").clientSecret("s3cr3t-value")
                .refreshMargin(Duration.ofSeconds(45)).build().toString();
        assertTrue(shown.contains("tokens.refresh-margin-seconds=45, "), shown);
        assertTrue(shown.contains("http.read-timeout-ms=5000, "), "defaults are shown too: " + shown);
        assertTrue(shown.contains("client.secret=******, ") && !shown.contains("s3cr3t-value"), shown);
        assertFalse(shown.contains("client.key"), "keys for another auth method, neither given nor defaulted: " + shown);
        assertFalse(shown.contains("backchannel-logout.path"), shown);
    }

    private static Object sampleFor(Class<?> type) {
        if (type == String.class) {
            return "x";
        } else if (type == String[].class) {
            return new String[] {"x"};
        } else if (type == Duration.class) {
            return Duration.ofSeconds(1);
        } else if (type == int.class) {
            return 1;
        } else if (type == boolean.class) {
            return true;
        }
        throw new AssertionError("a setter type this test does not know: " + type);
    }
}
