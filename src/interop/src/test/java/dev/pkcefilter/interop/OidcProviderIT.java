package dev.pkcefilter.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link InteropSuite} against node oidc-provider 9 (pinned in {@code src/interop/oidc-provider/package-lock.json}). */
class OidcProviderIT extends InteropSuite {

    private static OidcProviderServer provider;

    @BeforeAll
    static void startProviderAndBrowser() throws Exception {
        Path work = Files.createDirectories(Path.of(System.getProperty("interop.work"), "oidc-provider"));
        provider = OidcProviderServer.start(work, PASSWORD);
        startBrowser(work);
    }

    @AfterAll
    static void stopProvider() {
        if (provider != null) {
            provider.close();
        }
    }

    @Override
    InteropProvider provider() {
        return provider;
    }
}
