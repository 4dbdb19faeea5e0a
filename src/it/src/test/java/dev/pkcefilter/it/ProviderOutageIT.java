package dev.pkcefilter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkcefilter.FilterSettings;
import dev.pkcefilter.MutableClock;
import dev.pkcefilter.jakarta.PkceFilter;
import dev.pkcefilter.testbed.EmbeddedProvider;
import dev.pkcefilter.testbed.Ports;
import dev.pkcefilter.testbed.LeakCheck;
import dev.pkcefilter.testbed.ProtectedApp;
import dev.pkcefilter.testbed.ScriptedBrowser;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A provider that is down when the app starts: the app starts, logins answer 503, then work once it is up. */
class ProviderOutageIT {


    @Test
    void loginWhenProviderDownAtStartThen503UntilItIsUpThenSignedIn() throws IOException {
        int providerPort = Ports.free();
        MutableClock clock = MutableClock.at(Instant.now());
        FilterSettings settings = FilterSettings.builder().issuer("http://localhost:" + providerPort).clientId("late")
                .clientSecret("late-secret-value").clock(clock).connectTimeout(Duration.ofSeconds(2)).build();
        try (LeakCheck log = new LeakCheck(); ProtectedApp app = ProtectedApp.start(0, new PkceFilter(settings))) {
            assertTrue(log.logged().stream().anyMatch(l -> l.contains("unreachable at startup")), log.logged().toString());
            ScriptedBrowser browser = new ScriptedBrowser();

            ScriptedBrowser.Response down = browser.get(app.baseUri() + "/");
            assertEquals(503, down.status());
            assertEquals(Optional.of("1"), down.header("Retry-After"));
            assertTrue(down.body().contains("PROVIDER_UNAVAILABLE"));

            try (EmbeddedProvider provider = EmbeddedProvider.builder().port(providerPort).start()) {
                provider.registerClient("late", "late-secret-value", "client_secret_basic", app.baseUri() + "/oauth2/callback");
                assertEquals(503, browser.get(app.baseUri() + "/").status(), "within the back-off: no new attempt yet");

                clock.advance(Duration.ofSeconds(2));
                ScriptedBrowser.Response start = browser.get(app.baseUri() + "/");
                assertEquals(302, start.status(), start.body());
                String callback = browser.signInAtProvider(start, "alice", "wonderland");
                assertEquals(302, browser.get(callback).status());
                assertEquals(200, browser.get(app.baseUri() + "/").status());
            }
        }
    }
}
