package dev.pkcefilter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkcefilter.internal.credentials.ClientAuthMethod;
import dev.pkcefilter.internal.engine.LoginEngine;
import dev.pkcefilter.internal.provider.ProviderAvailability;
import dev.pkcefilter.internal.settings.Settings;
import dev.pkcefilter.internal.store.NodeLocalStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilterSettingsTest {

    private static FilterSettings.Builder minimal() {
        return FilterSettings.builder().issuer("https://login.example.com").set("proxy.allowed-hosts", "app.example.com").clientId("app").clientSecret("s3cr3t-value");
    }

    private static List<String> problemsOf(FilterSettings.Builder builder) {
        return assertThrows(SettingsException.class, builder::build).problems();
    }

    private static void assertSingleProblem(FilterSettings.Builder builder, String expected) {
        List<String> problems = problemsOf(builder);
        assertEquals(1, problems.size(), problems.toString());
        assertEquals(expected, problems.get(0));
    }

    @Test
    void buildWhenMinimalThenDefaultsApply() {
        Settings settings = minimal().build().internal();
        assertEquals("https://login.example.com", TestSettings.only(settings).issuer().toString());
        assertEquals(ClientAuthMethod.CLIENT_SECRET_BASIC, TestSettings.only(settings).clientAuthMethod());
        assertEquals(List.of("openid", "profile", "email"), TestSettings.only(settings).scopes());
        assertEquals("/oauth2/callback", settings.callbackPath());
        assertEquals(10, settings.maxPendingLogins());
        assertEquals(Duration.ofMinutes(10), settings.pendingLoginTtl());
        assertEquals(Duration.ofSeconds(5), settings.connectTimeout());
        assertEquals(Duration.ofSeconds(5), settings.readTimeout());
        assertEquals(Duration.ofSeconds(60), settings.clockSkew());
        assertEquals(java.util.Set.of("RS256"), TestSettings.only(settings).idTokenAlgorithms(),
                "OIDC Core's default: a client registered without id_token_signed_response_alg gets RS256");
    }

    @Test
    void buildWhenNothingSetThenEveryRequiredKeyIsNamedAtOnce() {
        List<String> problems = problemsOf(FilterSettings.builder());
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("issuer: expected the provider's issuer URL"), problems.get(0));
        assertEquals("client.id: expected the client identifier registered at the provider, found nothing", problems.get(1));
        assertTrue(problems.get(2).startsWith("client.secret: expected the client secret"), problems.get(2));
    }

    @Test
    void buildWhenIssuerIsPlainHttpOnAPublicHostThenRejected() {
        assertSingleProblem(minimal().issuer("http://login.example.com"),
                "issuer: expected an https URL (plain http only on a loopback host, for development), found 'http://login.example.com'");
    }

    @Test
    void buildWhenIssuerIsPlainHttpOnLoopbackThenAccepted() {
        assertEquals("http://localhost:9000", minimal().issuer("http://localhost:9000").build().internal().registrations().get(0).issuer().toString());
        assertEquals("http://127.0.0.1:9000", minimal().issuer("http://127.0.0.1:9000").build().internal().registrations().get(0).issuer().toString());
        assertEquals("http://[::1]:9000", minimal().issuer("http://[::1]:9000").build().internal().registrations().get(0).issuer().toString());
    }

    @Test
    void buildWhenIssuerHasQueryOrIsRelativeThenRejected() {
        assertSingleProblem(minimal().issuer("https://login.example.com/?x=1"),
                "issuer: expected an absolute https URL without query or fragment, found 'https://login.example.com/?x=1'");
        assertSingleProblem(minimal().issuer("/realms/main"),
                "issuer: expected an absolute https URL without query or fragment, found '/realms/main'");
        assertSingleProblem(minimal().issuer("https://bad host"),
                "issuer: expected an absolute https URL, found 'https://bad host', which is not a URL");
    }

    @Test
    void buildWhenUnknownKeyThenRejected() {
        assertSingleProblem(minimal().set("pkce.enabled", "false"),
                "pkce.enabled: expected a known key (see the configuration reference), found an unknown key");
    }

    @Test
    void buildWhenKeyMistypedThenDidYouMeanTheClosestKnownKey() {
        assertSingleProblem(minimal().set("client.secert", "x"),
                "client.secert: expected a known key (did you mean client.secret?), found an unknown key");
        assertSingleProblem(minimal().set("proxy.allowed-host", "app.example.com"),
                "proxy.allowed-host: expected a known key (did you mean proxy.allowed-hosts?), found an unknown key");
        assertSingleProblem(minimal().set("logout.redirect-uri", "/"),
                "logout.redirect-uri: expected a known key (did you mean logout.redirect?), found an unknown key");
    }

    @Test
    void buildWhenAuthMethodUnknownThenNamesTheAllowedOnes() {
        assertSingleProblem(minimal().clientAuthMethod("none"),
                "client.auth-method: expected one of client_secret_basic, client_secret_post, client_secret_jwt, private_key_jwt, tls_client_auth, self_signed_tls_client_auth, found 'none'");
    }

    @Test
    void buildWhenAuthMethodPostThenChosen() {
        assertEquals(ClientAuthMethod.CLIENT_SECRET_POST, minimal().clientAuthMethod("client_secret_post").build().internal().registrations().get(0).clientAuthMethod());
    }

    @Test
    void buildWhenNumbersOutOfRangeThenEachNamesItsRange() {
        List<String> problems = problemsOf(minimal().maxPendingLogins(0).set("login.pending-ttl-seconds", "ten")
                .connectTimeout(Duration.ofMillis(10)).readTimeout(Duration.ofMinutes(5)).clockSkew(Duration.ofHours(1)));
        assertEquals(List.of(
                "login.max-pending: expected a whole number from 1 to 100, found '0'",
                "login.pending-ttl-seconds: expected a whole number from 30 to 3600, found 'ten'",
                "http.connect-timeout-ms: expected a whole number from 100 to 60000, found '10'",
                "http.read-timeout-ms: expected a whole number from 100 to 60000, found '300000'",
                "id-token.clock-skew-seconds: expected a whole number from 0 to 300, found '3600'"), problems);
    }

    @Test
    void buildWhenHmacOrNoneAlgorithmThenRejected() {
        List<String> problems = problemsOf(minimal().idTokenAlgorithms("RS256", "HS256", "none"));
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("id-token.algorithms: expected asymmetric JWS algorithms from RS256"), problems.get(0));
        assertTrue(problems.get(0).endsWith("found 'HS256' (HMAC and unsigned ID tokens are not accepted)"), problems.get(0));
        assertTrue(problems.get(1).endsWith("found 'none' (HMAC and unsigned ID tokens are not accepted)"), problems.get(1));
    }

    @Test
    void buildWhenScopesOmitOpenidThenOpenidIsAdded() {
        assertEquals(List.of("openid", "email", "groups"), minimal().scopes("email", "groups").build().internal().registrations().get(0).scopes());
        assertEquals(List.of("openid", "a", "b"), minimal().set("scopes", "a, b  openid").build().internal().registrations().get(0).scopes());
    }

    @Test
    void buildWhenCallbackPathIsNotAPathThenRejected() {
        assertSingleProblem(minimal().callbackPath("callback"),
                "callback.path: expected a path within the app such as /oauth2/callback (no query, no trailing slash), found 'callback'");
        assertSingleProblem(minimal().callbackPath("/cb?x=1"),
                "callback.path: expected a path within the app such as /oauth2/callback (no query, no trailing slash), found '/cb?x=1'");
    }

    @Test
    void problemsWhenSecretIsBadThenNeverShowTheSecret() {
        SettingsException e = assertThrows(SettingsException.class,
                () -> minimal().clientSecret("do-not-show-me").set("client.auth-method", "do-not-show-me-either").issuer("ftp://x").build());
        assertFalse(e.getMessage().contains("do-not-show-me\n"));
        assertFalse(e.getMessage().contains("'do-not-show-me'"));
    }

    @Test
    void toStringWhenBuiltThenMasksTheSecret() {
        String shown = minimal().build().toString();
        assertFalse(shown.contains("s3cr3t-value"), shown);
        assertTrue(shown.contains("client.secret=******"), shown);
        assertTrue(shown.contains("issuer=https://login.example.com"), shown);
    }

    @Test
    void fromPropertiesWhenReferencesThenResolvedFromEnvironmentSystemAndFile(@TempDir Path dir) throws Exception {
        Path secretFile = dir.resolve("secret");
        Files.writeString(secretFile, "from-file\n");
        System.setProperty("pkcefilter.test.client", "client-from-sys");
        try {
            Properties properties = new Properties();
            properties.setProperty("issuer", "${env:TEST_ISSUER}");
            properties.setProperty("client.id", "${sys:pkcefilter.test.client}");
            properties.setProperty("client.secret", "${file:" + secretFile + "}");
            properties.setProperty("external.base-url", "https://app.example.com");
            FilterSettings settings = FilterSettings.fromProperties(properties,
                    Map.of("TEST_ISSUER", "https://idp.example.org/realms/x")::get);
            assertEquals("https://idp.example.org/realms/x", TestSettings.only(settings.internal()).issuer().toString());
            assertEquals("client-from-sys", TestSettings.only(settings.internal()).clientId());
            assertEquals("from-file", TestSettings.only(settings.internal()).clientSecret());
        } finally {
            System.clearProperty("pkcefilter.test.client");
        }
    }

    @Test
    void fromPropertiesWhenAFileReferenceNamesAnEndlessFileThenRefusedWithoutReadingItAll() {
        Properties properties = new Properties();
        properties.setProperty("issuer", "http://127.0.0.1:9");
        properties.setProperty("client.id", "app");
        properties.setProperty("client.secret", "${file:/dev/zero}");
        List<String> problems = assertThrows(SettingsException.class,
                () -> FilterSettings.fromProperties(properties, name -> null)).problems();
        assertEquals(List.of("client.secret: expected a file of at most 1048576 bytes at /dev/zero (${file:/dev/zero}), found"
                + " a larger one"), problems);
    }

    @Test
    void fromPropertiesWhenReferencesUnresolvedThenEachNamedWithoutValues(@TempDir Path dir) {
        Properties properties = new Properties();
        properties.setProperty("issuer", "${env:MISSING_ISSUER}");
        properties.setProperty("client.id", "${sys:missing.client}");
        properties.setProperty("client.secret", "${file:" + dir.resolve("nope") + "}");
        List<String> problems = assertThrows(SettingsException.class,
                () -> FilterSettings.fromProperties(properties, name -> null)).problems();
        assertEquals(List.of(
                "issuer: expected environment variable MISSING_ISSUER to be set (${env:MISSING_ISSUER}), found it unset",
                "client.id: expected system property missing.client to be set (${sys:missing.client}), found it unset",
                "client.secret: expected a readable file at " + dir.resolve("nope") + " (${file:" + dir.resolve("nope")
                        + "}), found NoSuchFileException"), problems);
    }

    @Test
    void loadWhenFileMissingThenNamesTheLocation(@TempDir Path dir) {
        String location = dir.resolve("missing.properties").toString();
        List<String> problems = assertThrows(SettingsException.class,
                () -> FilterSettings.load(location, getClass().getClassLoader())).problems();
        assertEquals(List.of("config: expected a readable properties file at " + location + ", found NoSuchFileException"), problems);
    }

    @Test
    void loadWhenClasspathResourceThenRead() {
        FilterSettings settings = FilterSettings.load("classpath:test-settings.properties", getClass().getClassLoader());
        assertEquals("https://login.example.com", TestSettings.only(settings.internal()).issuer().toString());
        assertEquals(ClientAuthMethod.CLIENT_SECRET_POST, TestSettings.only(settings.internal()).clientAuthMethod());
    }

    @Test
    void messageWhenSeveralProblemsThenListsThemAll() {
        SettingsException e = assertThrows(SettingsException.class, () -> FilterSettings.builder().clientId("x").build());
        assertTrue(e.getMessage().startsWith("pkce-filter settings are invalid (2 problems):\n  - issuer:"), e.getMessage());
    }

    /** A store for {@code cluster.store}: public, with a public constructor without parameters. */
    public static final class MemoryStore implements ClusterStore, AutoCloseable {
        private final NodeLocalStore store = new NodeLocalStore(java.time.Clock.systemUTC(), 10);
        private boolean closed;

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public boolean putIfAbsent(String key, String value, java.time.Duration ttl) {
            return store.putIfAbsent(key, value, ttl);
        }

        @Override
        public void put(String key, String value, java.time.Duration ttl) {
            store.put(key, value, ttl);
        }

        @Override
        public List<String> get(List<String> keys) {
            return store.get(keys);
        }
    }

    @Test
    void buildWhenClusterStoreNamesAClassThenItIsCreatedAndShown() {
        Settings settings = minimal().set("cluster.store", MemoryStore.class.getName()).build().internal();
        assertTrue(settings.clusterStore() instanceof MemoryStore);
        assertTrue(settings.toString().contains("cluster.store=" + MemoryStore.class.getName()), settings.toString());
        assertFalse(minimal().build().toString().contains("cluster.store="), "a store not set is left out");
    }

    @Test
    void buildWhenClusterStoreIsNotAUsableClassThenTheProblemIsNamed() {
        String expected = "cluster.store: expected the name of a class implementing dev.pkcefilter.ClusterStore with a public"
                + " constructor without parameters, found '";
        assertSingleProblem(minimal().set("cluster.store", "com.example.Missing"),
                expected + "com.example.Missing', which is not on the class path");
        assertSingleProblem(minimal().set("cluster.store", "java.lang.String"),
                expected + "java.lang.String', which does not implement it");
    }

    @Test
    void buildWhenClusterStoreGivenInCodeAndByNameThenRefused() {
        SettingsException refused = assertThrows(SettingsException.class, () -> minimal()
                .set("cluster.store", MemoryStore.class.getName()).clusterStore(new MemoryStore()).build());
        assertEquals(List.of("cluster.store: expected a store given either in code or by class name, found both"),
                refused.problems());
    }

    @Test
    void stopWhenTheStoreWasCreatedFromItsNameThenClosedAndWhenGivenInCodeThenLeftToTheApp() {
        Settings named = minimal().set("cluster.store", MemoryStore.class.getName()).build().internal();
        new LoginEngine(named, List.of(new ProviderAvailability(() -> null, named.clock(), "https://login.example.com"))).stop();
        assertTrue(((MemoryStore) named.clusterStore()).closed);

        MemoryStore given = new MemoryStore();
        Settings inCode = minimal().clusterStore(given).build().internal();
        new LoginEngine(inCode, List.of(new ProviderAvailability(() -> null, inCode.clock(), "https://login.example.com"))).stop();
        assertFalse(given.closed);
    }

    @Test
    void buildWhenAReferenceCannotBeResolvedThenItIsReportedOnceThoughTheKeyIsReadTwice() {
        List<String> problems = assertThrows(SettingsException.class, () -> minimal().clientSecret(null)
                .clientAuthMethod("private_key_jwt").clientNextKey("${env:PKCE_FILTER_TEST_UNSET}").build()).problems();
        assertEquals(1, problems.stream().filter(p -> p.startsWith("client.next-key:")).count(), problems.toString());
    }

    @Test
    void buildWhenTheStepUpRuleIsIncompleteOrItsPathsAreNotPathsThenEachProblemIsNamed() {
        assertSingleProblem(minimal().stepUpPaths("/admin/*"),
                "step-up.paths: expected step-up.acr-values or step-up.max-age-seconds beside it, found neither");
        assertSingleProblem(minimal().stepUpAcrValues("mfa"),
                "step-up.acr-values: expected step-up.paths beside it (the paths it protects), found none");
        assertSingleProblem(minimal().stepUpPaths("admin/*").stepUpAcrValues("mfa"),
                "step-up.paths: expected paths within the app such as /admin/* or /payments/transfer (a prefix ends in /*),"
                        + " found 'admin/*'");
        assertSingleProblem(minimal().stepUpPaths("/admin/").stepUpMaxAge(java.time.Duration.ofMinutes(5)),
                "step-up.paths: expected paths within the app such as /admin/* or /payments/transfer (a prefix ends in /*),"
                        + " found '/admin/'");
        assertSingleProblem(minimal().stepUpPaths("/admin/*").set("step-up.max-age-seconds", "86401"),
                "step-up.max-age-seconds: expected a whole number from 0 to 86400, found '86401'");
        assertSingleProblem(minimal().stepUpPaths("/admin/*").set("step-up.acr-values", " "),
                "step-up.paths: expected step-up.acr-values or step-up.max-age-seconds beside it, found neither");
        assertSingleProblem(minimal().stepUpPaths("/admin/*").stepUpAcrValues(),
                "step-up.paths: expected step-up.acr-values or step-up.max-age-seconds beside it, found neither");
        assertSingleProblem(minimal().stepUpPaths("/admin/*").stepUpAcrValues("mfa\""),
                "step-up.acr-values: expected acr values such as urn:example:mfa (printable, no quotes or backslashes), found 'mfa\"'");
        assertSingleProblem(minimal().stepUpPaths("/admin/*").stepUpMaxAge(java.time.Duration.ZERO).clockSkew(java.time.Duration.ZERO),
                "step-up.max-age-seconds: expected more than 0 while id-token.clock-skew-seconds is 0 (no login could meet it), found 0");
        for (String path : List.of("/admin;x/*", "/a/../admin", "/./admin")) {
            assertSingleProblem(minimal().stepUpPaths(path).stepUpAcrValues("mfa"), "step-up.paths: expected paths within the app"
                    + " such as /admin/* or /payments/transfer (a prefix ends in /*), found '" + path + "'");
        }
    }

    @Test
    void problemsAndSettingsLineWhenClientKeyHoldsTheKeyItselfThenTheKeyIsNeverShown(@TempDir Path dir) throws Exception {
        String pem = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCsecretbody\n-----END PRIVATE KEY-----\n";
        Path file = dir.resolve("key.pem");
        Files.writeString(file, pem);
        // The mistake: ${file:...} of the key, where the key's path was meant.
        FilterSettings.Builder builder = minimal().clientSecret(null).clientAuthMethod("private_key_jwt")
                .clientKey("${file:" + file + "}");
        SettingsException refused = assertThrows(SettingsException.class, builder::build);
        assertFalse(refused.getMessage().contains("secretbody"), refused.getMessage());
        assertTrue(refused.getMessage().contains("client.key: expected a readable key file at (key material, not shown"),
                refused.getMessage());
        String line = new dev.pkcefilter.internal.settings.RawSettings(Map.of("client.key", "${file:" + file + "}"), name -> null)
                .shownValues(true).toString();
        assertFalse(line.contains("secretbody"), line);
    }
}
