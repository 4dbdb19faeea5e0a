package dev.pkcefilter.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

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
}
