package dev.pkcefilter.internal.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkcefilter.FilterSettings;
import dev.pkcefilter.SettingsException;
import dev.pkcefilter.TestSettings;
import dev.pkcefilter.internal.credentials.ClientAuthMethod;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Several providers in one filter: {@code provider.<name>.*} keys, their names, paths and checks. */
class RegistrationReaderTest {

    private static FilterSettings.Builder company() {
        return FilterSettings.builder().issuer("https://login.example.com").set("proxy.allowed-hosts", "app.example.com")
                .clientId("app").clientSecret("company-secret");
    }

    private static FilterSettings.Builder withPartner(FilterSettings.Builder builder) {
        return builder.provider("partner", "issuer", "https://partner.example.org/v2.0")
                .provider("partner", "client.id", "app-p")
                .provider("partner", "client.secret", "partner-secret")
                .provider("partner", "client.auth-method", "client_secret_post")
                .provider("partner", "display-name", "Partner");
    }

    private static List<String> problemsOf(FilterSettings.Builder builder) {
        return assertThrows(SettingsException.class, builder::build).problems();
    }

    @Test
    void registrationsWhenOneProviderThenItIsTheDefaultWithTheConfiguredPaths() {
        Settings settings = TestSettings.of(company());
        Registration only = TestSettings.only(settings);
        assertEquals("default", only.name());
        assertEquals("/oauth2/callback", only.callbackPath());
        assertEquals("/oauth2/login/default", only.loginPath());
        assertEquals("login.example.com", only.displayName(), "without display-name: the issuer's host");
        assertEquals(Optional.of(only), settings.loginDefault(), "the only provider needs no chooser");
    }

    @Test
    void registrationsWhenANamedProviderIsAddedThenEachHasItsOwnClientAndPathsAndTheFirstKeepsItsOwn() {
        Settings settings = TestSettings.of(withPartner(company()).backchannelLogoutPath("/oauth2/backchannel"));
        assertEquals(2, settings.registrations().size());
        Registration first = settings.registrations().get(0);
        Registration partner = settings.registrations().get(1);
        assertEquals("/oauth2/callback", first.callbackPath(), "adding a provider changes no registered redirect URI");
        assertEquals("/oauth2/backchannel", first.backchannelLogoutPath());
        assertEquals("partner", partner.name());
        assertEquals("https://partner.example.org/v2.0", partner.issuer().toString());
        assertEquals("app-p", partner.clientId());
        assertEquals("partner-secret", partner.clientSecret());
        assertEquals(ClientAuthMethod.CLIENT_SECRET_POST, partner.clientAuthMethod());
        assertEquals(ClientAuthMethod.CLIENT_SECRET_BASIC, first.clientAuthMethod(), "no inheritance between providers");
        assertEquals("/oauth2/callback/partner", partner.callbackPath());
        assertEquals("/oauth2/backchannel/partner", partner.backchannelLogoutPath());
        assertEquals("/oauth2/login/partner", partner.loginPath());
        assertEquals(Optional.empty(), settings.loginDefault(), "several providers and no default: the chooser");
        assertEquals("provider.partner.issuer", partner.key(SettingKey.ISSUER));
    }

    @Test
    void registrationsWhenOnlyNamedProvidersThenThereIsNoDefaultProvider() {
        Settings settings = TestSettings.of(withPartner(FilterSettings.builder().set("proxy.allowed-hosts", "app.example.com")));
        assertEquals(1, settings.registrations().size());
        assertEquals("partner", settings.registrations().get(0).name());
        assertEquals(Optional.of(settings.registrations().get(0)), settings.loginDefault());
    }

    @Test
    void loginDefaultWhenNamedThenChosenAndWhenUnknownThenRefused() {
        assertEquals("partner", TestSettings.of(withPartner(company()).loginDefaultProvider("partner")).loginDefault()
                .map(Registration::name).orElse("none"));
        assertEquals("default", TestSettings.of(withPartner(company()).loginDefaultProvider("default")).loginDefault()
                .map(Registration::name).orElse("none"));
        assertEquals(List.of("login.default-provider: expected one of [default, partner], found 'partnr'"),
                problemsOf(withPartner(company()).loginDefaultProvider("partnr")));
    }

    @Test
    void buildWhenANamedProviderLacksOrMistypesKeysThenEachProblemNamesTheKeyWithItsPrefix() {
        List<String> problems = problemsOf(company().provider("partner", "issuer", "http://partner.example.org")
                .provider("partner", "client.secert", "x").provider("partner", "logout.path", "/bye"));
        assertEquals(List.of(
                "provider.partner.client.secert: expected a known key (did you mean provider.partner.client.secret?), found an unknown key",
                "provider.partner.logout.path: expected a key each provider has (issuer, client.*, scopes, ...), found a key of the"
                        + " whole filter; set it without the prefix",
                "provider.partner.issuer: expected an https URL (plain http only on a loopback host, for development), found"
                        + " 'http://partner.example.org'",
                "provider.partner.client.id: expected the client identifier registered at the provider, found nothing",
                "provider.partner.client.secret: expected the client secret (put it in a file or the environment:"
                        + " ${file:/run/secrets/oidc} or ${env:OIDC_SECRET}), found nothing"), problems);
    }

    @Test
    void buildWhenAProviderNameIsNotUsableThenRefusedWithoutShowingTheValue() {
        List<String> problems = problemsOf(company().set("provider.Partner.client.secret", "never-shown")
                .set("provider.default.issuer", "https://x.example.com").set("provider.issuer", "https://y.example.com"));
        assertEquals(3, problems.size(), problems.toString());
        for (String problem : problems) {
            assertTrue(problem.contains("expected provider.<name>.<key> with a name of lower-case letters"), problem);
            assertFalse(problem.contains("never-shown"), problem);
        }
    }

    @Test
    void buildWhenTwoProvidersShareAKeyAndOneUsesTheTokenEndpointAudienceThenRefusedNamingIt(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws Exception {
        String key = dev.pkcefilter.TestKeys.write(dir, "shared.jwk", new com.nimbusds.jose.jwk.gen.ECKeyGenerator(
                com.nimbusds.jose.jwk.Curve.P_256).keyID("k").generate().toJSONString()).toString();
        FilterSettings.Builder shared = FilterSettings.builder().issuer("https://login.example.com").set("proxy.allowed-hosts", "app.example.com")
                .clientId("app").clientAuthMethod("private_key_jwt").clientKey(key)
                .provider("partner", "issuer", "https://partner.example.org").provider("partner", "client.id", "app")
                .provider("partner", "client.auth-method", "private_key_jwt").provider("partner", "client.key", key);
        shared.build();
        assertEquals(List.of("provider.partner.client.assertion.audience: expected issuer, since provider 'default' signs its"
                + " assertions with the same key, found token-endpoint (an assertion for one provider's token endpoint could be"
                + " replayed at the other); give each provider its own key or secret, or use the issuer as audience"),
                problemsOf(shared.provider("partner", "client.assertion.audience", "token-endpoint")));
    }

    @Test
    void buildWhenTwoProvidersShareAClientSecretJwtSecretAndOneUsesTheTokenEndpointAudienceThenRefused() {
        String secret = "a-client-secret-of-at-least-32-characters!";
        List<String> problems = problemsOf(company().clientAuthMethod("client_secret_jwt").clientSecret(secret)
                .set("client.assertion.audience", "token-endpoint")
                .provider("partner", "issuer", "https://partner.example.org").provider("partner", "client.id", "app")
                .provider("partner", "client.auth-method", "client_secret_jwt").provider("partner", "client.secret", secret));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("client.assertion.audience: expected issuer, since provider 'partner' signs its"
                + " assertions with the same secret"), problems.get(0));
        assertFalse(problems.get(0).contains(secret));
    }

    @Test
    void buildWhenTwoProvidersShareAnIssuerThenRefused() {
        assertEquals(List.of("provider.partner.issuer: expected an issuer no other provider has, found the issuer of provider"
                + " 'default'"), problemsOf(withPartner(company()).provider("partner", "issuer", "https://login.example.com")));
    }

    @Test
    void buildWhenKeysOfTheDefaultProviderAreGivenWithoutItsIssuerThenTheIssuerIsAskedFor() {
        // scopes=... beside named providers reads as "for all of them"; it is the default provider's, which then needs its issuer.
        assertEquals(List.of("issuer: expected the provider's issuer URL, e.g. https://login.example.com/realms/main, found nothing",
                "client.id: expected the client identifier registered at the provider, found nothing",
                "client.secret: expected the client secret (put it in a file or the environment: ${file:/run/secrets/oidc} or"
                        + " ${env:OIDC_SECRET}), found nothing"),
                problemsOf(withPartner(FilterSettings.builder().set("proxy.allowed-hosts", "app.example.com")).scopes("email")));
    }

    @Test
    void buildWhenAProviderPathCollidesWithAnotherOwnPathThenRefused() {
        List<String> problems = problemsOf(withPartner(company()).logoutPath("/oauth2/callback/partner"));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("callback.path: expected callback.path, jwks.path, logout.path, login.path and"
                + " backchannel-logout.path (with each provider's /<name>) to differ"), problems.get(0));
    }

    @Test
    void buildWhenANamedProviderIsNotOnLoopbackThenTheExternalOriginIsRequiredAsForOne() {
        List<String> problems = problemsOf(FilterSettings.builder().issuer("http://localhost:9000").clientId("a").clientSecret("s")
                .provider("partner", "issuer", "https://partner.example.org").provider("partner", "client.id", "b")
                .provider("partner", "client.secret", "t"));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("external.base-url or proxy.allowed-hosts: expected one of them"), problems.get(0));
    }

    @Test
    void toStringWhenSeveralProvidersThenEachKeyWithItsPrefixAndEverySecretMasked() {
        String shown = withPartner(company()).build().toString();
        assertTrue(shown.contains("issuer=https://login.example.com"), shown);
        assertTrue(shown.contains("provider.partner.issuer=https://partner.example.org/v2.0"), shown);
        assertTrue(shown.contains("provider.partner.client.secret=******"), shown);
        assertTrue(shown.contains("provider.partner.scopes=openid profile email"), "defaults are shown per provider: " + shown);
        assertFalse(shown.contains("partner-secret") || shown.contains("company-secret"), shown);
    }
}
