package dev.pkcefilter.it;

import static dev.pkcefilter.it.SignedInApps.assertSignedIn;
import static dev.pkcefilter.it.SignedInApps.json;
import static dev.pkcefilter.it.SignedInApps.sid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkcefilter.MutableClock;
import dev.pkcefilter.testbed.EmbeddedProvider;
import dev.pkcefilter.testbed.ProtectedApp;
import dev.pkcefilter.testbed.ScriptedBrowser;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Back-channel logout (OIDC Back-Channel Logout 1.0): the provider posts a logout token and the filter ends the
 * sessions it names, refusing an invalid or replayed token; the filter in a real Jetty against the real
 * provider, which signs the tokens. Every test ends with the leak check, logout tokens among the secrets.
 */
class BackChannelLogoutIT {

    private static final String BACKCHANNEL = "/oauth2/backchannel-logout";
    private static final String BACKCHANNEL_EVENT = "http://schemas.openid.net/event/backchannel-logout";

    private static EmbeddedProvider provider;

    @RegisterExtension
    final LeakWatch leaks = new LeakWatch(() -> provider.issuedSecrets(), ScriptedBrowser::new);
    private final MutableClock clock = MutableClock.at(Instant.now());
    private final SignedInApps apps = new SignedInApps(provider, clock, () -> leaks.newBrowser());

    @BeforeAll
    static void startProvider() {
        provider = EmbeddedProvider.builder().user(SignedInApps.USER, SignedInApps.PASSWORD).start();
    }

    @AfterAll
    static void stopProvider() {
        provider.close();
    }

    @AfterEach
    void stopApps() {
        apps.close();
    }

    @Test
    void backchannelLogoutWhenValidForOneSidThenOnlyThatSessionEndsAndAReplayIsRefused() {
        ProtectedApp app = startApp("lc-bcl");
        ScriptedBrowser first = apps.signedInBrowser(app);
        String firstSid = sid(apps.lastIdToken());
        ScriptedBrowser second = apps.signedInBrowser(app);
        assertNotEquals(firstSid, sid(apps.lastIdToken()), "two browsers, two provider sessions");

        String token = provider.signJwt(logoutClaims("lc-bcl", claims -> claims.put("sid", firstSid)));
        ScriptedBrowser.Response accepted = postLogoutToken(app, token);

        assertEquals(200, accepted.status(), accepted.body());
        apps.assertNotSignedIn(first, app);
        assertSignedIn(second, app);
        ScriptedBrowser.Response replay = postLogoutToken(app, token);
        assertEquals(400, replay.status(), "a jti is good once: " + replay.body());
        assertEquals("invalid_request", json(replay).get("error"));
        assertSignedIn(second, app);
    }

    @Test
    void backchannelLogoutWhenTokenInvalidThen400AndNoSessionEnds() {
        ProtectedApp app = startApp("lc-bcl-bad");
        ScriptedBrowser browser = apps.signedInBrowser(app);
        String sid = sid(apps.lastIdToken());
        Map<String, String> reasons = new LinkedHashMap<>();
        Map<String, String> invalid = new LinkedHashMap<>();
        invalid.put("wrong aud", provider.signJwt(logoutClaims("lc-bcl-bad", c -> {
            c.put("sid", sid);
            c.put("aud", "another-client");
        })));
        reasons.put("wrong aud", "aud");
        invalid.put("no events", provider.signJwt(logoutClaims("lc-bcl-bad", c -> {
            c.put("sid", sid);
            c.remove("events");
        })));
        reasons.put("no events", "event");
        invalid.put("with a nonce", provider.signJwt(logoutClaims("lc-bcl-bad", c -> {
            c.put("sid", sid);
            c.put("nonce", "n-0S6_WzA2Mj");
        })));
        reasons.put("with a nonce", "nonce");
        invalid.put("stranger's key", provider.signJwtWithStrangerKey(logoutClaims("lc-bcl-bad", c -> c.put("sid", sid))));
        reasons.put("stranger's key", "signature");
        invalid.put("wrong iss", provider.signJwt(logoutClaims("lc-bcl-bad", c -> {
            c.put("sid", sid);
            c.put("iss", "http://localhost:1");
        })));
        reasons.put("wrong iss", "iss");
        invalid.put("iat too old", provider.signJwt(logoutClaims("lc-bcl-bad", c -> {
            c.put("sid", sid);
            c.put("iat", clock.instant().minusSeconds(400).getEpochSecond());
        })));
        reasons.put("iat too old", "iat");
        invalid.put("neither sid nor sub", provider.signJwt(logoutClaims("lc-bcl-bad", c -> { })));
        reasons.put("neither sid nor sub", "sid");

        for (Map.Entry<String, String> token : invalid.entrySet()) {
            ScriptedBrowser.Response response = postLogoutToken(app, token.getValue());
            assertEquals(400, response.status(), token.getKey() + ": " + response.body());
            Map<String, Object> error = json(response);
            assertEquals("invalid_request", error.get("error"), token.getKey());
            assertTrue(String.valueOf(error.get("error_description")).contains(reasons.get(token.getKey())),
                    token.getKey() + " refused for its own reason: " + error);
            assertSignedIn(browser, app);
        }
    }

    @Test
    void backchannelLogoutWhenOnlySubThenEverySessionOfThatSubjectEnds() {
        ProtectedApp app = startApp("lc-bcl-sub");
        ScriptedBrowser first = apps.signedInBrowser(app);
        ScriptedBrowser second = apps.signedInBrowser(app);

        ScriptedBrowser.Response response = postLogoutToken(app,
                provider.signJwt(logoutClaims("lc-bcl-sub", claims -> claims.put("sub", SignedInApps.USER))));

        assertEquals(200, response.status(), response.body());
        apps.assertNotSignedIn(first, app);
        apps.assertNotSignedIn(second, app);
    }

    /** An app with the back-channel logout endpoint on. */
    private ProtectedApp startApp(String clientId) {
        return apps.startApp(clientId, builder -> builder.set("backchannel-logout.path", BACKCHANNEL));
    }

    /**
     * A valid logout token's claims for this client (iat and exp by the filter's clock, which these tests keep
     * near the system clock); the caller adds sid or sub.
     */
    private Map<String, Object> logoutClaims(String clientId, Consumer<Map<String, Object>> changes) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", provider.issuer());
        claims.put("aud", clientId);
        claims.put("iat", clock.instant().getEpochSecond());
        // Required since errata set 1 of Back-Channel Logout 1.0 (§2.4); "at most two minutes" (§4).
        claims.put("exp", clock.instant().plusSeconds(120).getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("events", Map.of(BACKCHANNEL_EVENT, Map.of()));
        changes.accept(claims);
        return claims;
    }

    /** Posts as the provider would: a form with the token, from its own client without cookies. */
    private ScriptedBrowser.Response postLogoutToken(ProtectedApp app, String logoutToken) {
        ScriptedBrowser providerSide = leaks.newBrowser();
        return providerSide.postForm(app.baseUri() + BACKCHANNEL, Map.of("logout_token", logoutToken),
                Map.of("Accept", "application/json"));
    }
}
