package dev.pkcefilter.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkcefilter.FilterSettings;
import dev.pkcefilter.jakarta.PkceFilter;
import dev.pkcefilter.testbed.CertificateBoundResourceServer;
import dev.pkcefilter.testbed.HeadlessChromium;
import dev.pkcefilter.testbed.ProtectedApp;
import dev.pkcefilter.testbed.ScriptedBrowser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** {@link InteropSuite} against Keycloak 26 ({@code keycloak.version} in the parent pom). */
class KeycloakIT extends InteropSuite {

    private static KeycloakServer keycloak;

    @BeforeAll
    static void startKeycloakAndBrowser() throws Exception {
        Path work = Files.createDirectories(Path.of(System.getProperty("interop.work"), "keycloak"));
        keycloak = KeycloakServer.start(work, PASSWORD);
        startBrowser(work);
    }

    @AfterAll
    static void stopKeycloak() {
        if (keycloak != null) {
            keycloak.close();
        }
    }

    @Override
    InteropProvider provider() {
        return keycloak;
    }

    /**
     * The FAPI 2.0 switch against a real provider that offers all it needs: the kc-jwk client (private_key_jwt
     * with ES256, ES256 ID tokens) signs in with every request pushed and DPoP-bound tokens. Keycloak also
     * announces iss, S256 and DPoP with ES256, or the filter would not have started.
     */
    @Test
    void loginWithTheFapi2ProfileThenPushedDpopBoundAndSignedWithEs256() {
        try (ProtectedApp app = app(Method.PRIVATE_KEY_JWT_JWK, settings -> settings.dpop(true).profile("fapi2-security"))) {
            HeadlessChromium.requestsSent(driver);
            signIn(app, "/reports?mode=fapi2");
            List<String> toKeycloak = HeadlessChromium.requestsSent(driver).stream().map(HeadlessChromium.SentRequest::url)
                    .filter(url -> url.startsWith(keycloak.issuer() + "/protocol/openid-connect/auth?")).toList();
            assertFalse(toKeycloak.isEmpty(), "no authorization request");
            assertEquals(Set.of("client_id", "request_uri"), ScriptedBrowser.queryParameters(toKeycloak.get(0)).keySet(),
                    toKeycloak.get(0));
        }
    }

    /**
     * The same switch judged by Keycloak itself: kc-fapi2 is held by the realm's client policy to the executors of
     * Keycloak's own {@code fapi-2-dpop-security-profile} (with http allowed on loopback for the test app). They
     * refuse an authorization request that was not pushed, a code challenge other than S256, client authentication
     * other than private_key_jwt or mutual TLS, a client assertion whose audience is not the issuer alone, and a
     * token call without a DPoP proof. The login passes them all.
     */
    @Test
    void loginWithTheFapi2ProfileUnderKeycloaksFapi2ClientPolicyThenEveryEnforcerLetsItThrough() {
        try (ProtectedApp app = fapi2PolicyApp(settings -> settings.dpop(true).profile("fapi2-security"))) {
            HeadlessChromium.requestsSent(driver);
            signIn(app, "/reports?mode=fapi2-policy");
            assertPushed(HeadlessChromium.requestsSent(driver), keycloak.issuer());
        }
    }

    /**
     * The policy is in force: a request that is not pushed (par=auto, and Keycloak's metadata does not require PAR)
     * is refused by secure-par-content before the login form. Keycloak shows its own error page then, as the
     * request's redirect URI is not yet trusted; no code, and no sign-in, reaches the app.
     */
    @Test
    void loginWithoutParUnderKeycloaksFapi2ClientPolicyThenKeycloakRefusesTheRequest() {
        try (ProtectedApp app = fapi2PolicyApp(settings -> settings.dpop(true))) {
            driver.get(app.baseUri() + "/reports");
            waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("kc-error-message")));
            String url = driver.getCurrentUrl();
            assertTrue(url.startsWith(keycloak.issuer() + "/protocol/openid-connect/auth?") && !url.contains("request_uri="), url);
            assertEquals("PAR request_uri not included.", driver.findElement(By.id("kc-error-message")).getText());
        }
    }

    /** The policy is in force: a pushed login without DPoP is refused at the token call, by dpop-bind-enforcer. */
    @Test
    void loginWithoutDpopUnderKeycloaksFapi2ClientPolicyThenKeycloakRefusesTheTokenCall() {
        try (ProtectedApp app = fapi2PolicyApp(settings -> settings.pushedRequests("always"))) {
            assertRefusedAtTheTokenCall(app, "invalid_request", List.of("DPoP proof is missing"));
        }
    }

    private ProtectedApp fapi2PolicyApp(UnaryOperator<FilterSettings.Builder> change) {
        FilterSettings.Builder settings = keycloak.clients().settings(keycloak.issuer(), Method.PRIVATE_KEY_JWT_JWK)
                .clientId("kc-fapi2");
        return ProtectedApp.start(keycloak.fapi2Port(), new PkceFilter(change.apply(settings).build()));
    }

    /**
     * tls_client_auth (RFC 8705 §2.1) at Keycloak's https listener, which checks the certificate against the test CA
     * and matches its subject. The access token (a JWT) comes back bound to the certificate: a small resource server
     * finds its cnf.x5t#S256 equal to the certificate the app's call presented through {@code TokenAccess.tlsContext()}.
     */
    @Test
    void loginWithTlsClientAuthThenAResourceServerFindsTheTokenBoundToThePresentedCertificate() throws Exception {
        MutualTlsClients.Client client = keycloak.mutualTls().client("tls_client_auth");
        try (ProtectedApp app = mutualTlsApp(client.method(), settings -> settings.userInfoEnabled(true));
                CertificateBoundResourceServer api = CertificateBoundResourceServer.start(keycloak.mutualTls().pki(),
                        keycloak.mutualTls().pki().server("kc-resource-server"), keycloak.mutualTlsIssuer(), keycloak.jwksUrl())) {
            signIn(app, "/reports?mode=mtls");
            Map<String, Object> answer = apiCall(app, api.ordersUri());
            assertEquals(200L, ((Number) answer.get("status")).longValue(), answer + " " + api.verdicts());
            assertEquals(List.of("ok " + client.certificate().thumbprint()), api.verdicts());
        }
    }

    /** The FAPI 2.0 switch with mutual TLS: tls_client_auth, the request pushed to the PAR alias, certificate-bound tokens. */
    @Test
    void loginWithTheFapi2ProfileOverMutualTlsThenPushedToTheHttpsListener() {
        MutualTlsClients.Client client = keycloak.mutualTls().client("tls_client_auth");
        try (ProtectedApp app = mutualTlsApp(client.method(), settings -> settings.profile("fapi2-security"))) {
            HeadlessChromium.requestsSent(driver);
            signIn(app, "/reports?mode=fapi2-mtls");
            assertPushed(HeadlessChromium.requestsSent(driver), keycloak.mutualTlsIssuer());
        }
    }
}
