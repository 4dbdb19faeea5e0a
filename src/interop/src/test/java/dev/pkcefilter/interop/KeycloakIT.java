package dev.pkcefilter.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.pkcefilter.testbed.HeadlessChromium;
import dev.pkcefilter.testbed.ProtectedApp;
import dev.pkcefilter.testbed.ScriptedBrowser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
}
