package dev.pkcefilter.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import dev.pkcefilter.FakeExchange;
import dev.pkcefilter.FilterSettings;
import dev.pkcefilter.MutableClock;
import dev.pkcefilter.TestSettings;
import dev.pkcefilter.internal.jwt.IdTokenVerifier;
import dev.pkcefilter.internal.provider.Provider;
import dev.pkcefilter.internal.provider.ProviderAvailability;
import dev.pkcefilter.internal.settings.Settings;
import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The callback as anyone can call it, a query login's GET or a form_post login's POST, after a real login start in
 * the same session: whatever its parameters (the login's own state among them, so that the fuzzer reaches the
 * checks after it, up to the token call, which goes to a closed port), the engine answers with a redirect or an
 * error status, never an exception, and the session is never signed in.
 */
class CallbackFuzzTest {

    private static final String ISSUER = "https://idp.example.com";
    private static final Set<Integer> ANSWERS = new HashSet<>(Arrays.asList(302, 303, 400, 403, 405, 502, 503));
    private static final MutableClock CLOCK = new MutableClock();
    private static final LoginEngine ENGINE = engine();

    private static LoginEngine engine() {
        Settings settings = TestSettings.of(FilterSettings.builder().issuer(ISSUER).set("proxy.allowed-hosts", "app.example.com")
                .clientId("app").clientSecret("secret").clock(CLOCK));
        ProviderAvailability availability = new ProviderAvailability(() -> new Provider(URI.create(ISSUER),
                URI.create(ISSUER + "/authorize"), URI.create("http://127.0.0.1:9/token"), true,
                new IdTokenVerifier(new Issuer(ISSUER), new ClientID("app"), Collections.singleton(JWSAlgorithm.RS256),
                        new ImmutableJWKSet<>(new JWKSet()), 60, CLOCK)), CLOCK, ISSUER);
        availability.discoverAtStartup();
        return new LoginEngine(settings, Collections.singletonList(availability));
    }

    @FuzzTest(maxDuration = "3s")
    void fuzz(FuzzedDataProvider data) throws IOException {
        check(data);
    }

    /** For a longer run with Jazzer's command line: see FUZZING.md. */
    public static void fuzzerTestOneInput(FuzzedDataProvider data) throws IOException {
        check(data);
    }

    static void check(FuzzedDataProvider data) throws IOException {
        FakeExchange.FakeSession session = new FakeExchange.FakeSession();
        FakeExchange start = FakeExchange.get("/reports").withSession(session).header("Accept", "text/html");
        ENGINE.handle(start);
        assertEquals(302, start.status);
        Map<String, List<String>> request = URLUtils.parseParameters(URI.create(start.responseHeaders.get("Location")).getRawQuery());
        String realState = request.get("state").get(0);

        boolean post = data.consumeBoolean();
        FakeExchange callback = FakeExchange.get("/oauth2/callback").withSession(session);
        callback.method = post ? "POST" : data.pickValue(Arrays.asList("GET", "GET", "HEAD", "PUT"));
        int count = data.consumeInt(0, 5);
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < count; i++) {
            String name = data.pickValue(Arrays.asList("code", "state", "iss", "error", "error_description", "session_state",
                    data.consumeString(10)));
            String value = "state".equals(name) && data.consumeBoolean() ? realState
                    : "iss".equals(name) && data.consumeBoolean() ? ISSUER : data.consumeString(60);
            if (post) {
                callback.form.put(name, value);
            } else {
                query.append(query.length() == 0 ? "" : "&").append(URLUtils.serializeParameters(
                        Collections.singletonMap(name, Collections.singletonList(value))));
            }
        }
        if (!post && data.consumeBoolean()) {
            query.append('&').append(data.consumeRemainingAsString());
        }
        callback.query = query.length() == 0 ? null : query.toString();
        // The token call goes to the token endpoint the settings name, a closed port here, whatever the input:
        // Jazzer's request-forgery detector is told so, and still reports a connection anywhere else.
        try (SilentCloseable tokenEndpoint = BugDetectors.allowNetworkConnections(
                (host, port) -> ("127.0.0.1".equals(host) || "localhost".equals(host)) && port == 9)) {
            ENGINE.handle(callback);
        }
        assertTrue(ANSWERS.contains(callback.status), "status " + callback.status);
        assertFalse(session.attributes.keySet().stream().anyMatch(key -> key.endsWith(".user")), "never signed in");
    }
}
