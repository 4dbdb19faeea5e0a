package dev.pkcefilter.internal.logout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import dev.pkcefilter.ClusterStore;
import dev.pkcefilter.FakeExchange;
import dev.pkcefilter.FilterSettings;
import dev.pkcefilter.LogCapture;
import dev.pkcefilter.MutableClock;
import dev.pkcefilter.SignedInUser;
import dev.pkcefilter.TestSettings;
import dev.pkcefilter.internal.engine.LoginEngine;
import dev.pkcefilter.internal.jwt.IdTokenVerifier;
import dev.pkcefilter.internal.jwt.LogoutTokenVerifier;
import dev.pkcefilter.internal.provider.Provider;
import dev.pkcefilter.internal.provider.ProviderAvailability;
import dev.pkcefilter.internal.session.SessionKeys;
import dev.pkcefilter.internal.session.SessionTokens;
import dev.pkcefilter.internal.session.SignedInState;
import dev.pkcefilter.internal.session.TokenHolder;
import dev.pkcefilter.internal.settings.Settings;
import dev.pkcefilter.internal.store.LogoutMarksTest;
import dev.pkcefilter.internal.store.NodeLocalStore;
import dev.pkcefilter.internal.store.SessionIndex;
import java.net.URI;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Logout (RP-Initiated) and back-channel logout, with tokens signed in the test. */
class LogoutTest {

    private static final String ISSUER = "https://idp.example.com";
    private static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";

    private static RSAKey providerKey;
    private static RSAKey strangerKey;

    private final MutableClock clock = new MutableClock();
    private LogCapture log;
    private LoginEngine engine;
    private SignedInState state;
    private boolean allowGet;

    @BeforeAll
    static void keys() throws Exception {
        providerKey = new RSAKeyGenerator(2048).keyID("op").generate();
        strangerKey = new RSAKeyGenerator(2048).keyID("op").generate();
    }

    @BeforeEach
    void start() {
        log = new LogCapture();
        build();
    }

    @AfterEach
    void stop() {
        log.close();
    }

    private void build() {
        engine = engine(null);
    }

    /** A node; nodes given one store share it, as nodes of a cluster share theirs. */
    private LoginEngine engine(ClusterStore shared) {
        FilterSettings.Builder builder = FilterSettings.builder().issuer(ISSUER).set("proxy.allowed-hosts", "app.example.com").clientId("app").clientSecret("secret").clock(clock)
                .set("backchannel-logout.path", "/oauth2/backchannel-logout").set("logout.allow-get", String.valueOf(allowGet));
        Settings settings = TestSettings.of((shared == null ? builder : builder.clusterStore(shared)));
        ImmutableJWKSet<com.nimbusds.jose.proc.SecurityContext> keys = new ImmutableJWKSet<>(new JWKSet(providerKey.toPublicJWK()));
        ProviderAvailability availability = new ProviderAvailability(() -> new Provider(URI.create(ISSUER),
                URI.create(ISSUER + "/authorize"), URI.create("http://127.0.0.1:9/token"), false,
                new IdTokenVerifier(new Issuer(ISSUER), new ClientID("app"), Set.of(JWSAlgorithm.RS256), keys, 60, clock))
                .withSessionEndpoints(URI.create(ISSUER + "/logout"), null,
                        new LogoutTokenVerifier(new Issuer(ISSUER), new ClientID("app"), Set.of(JWSAlgorithm.RS256), keys, 60)),
                clock, ISSUER);
        availability.discoverAtStartup();
        state = new SignedInState(settings, new SessionKeys(settings), new SessionIndex(100), LogoutMarksTest.none(settings));
        return new LoginEngine(settings, java.util.List.of(availability));
    }

    /** A signed-in session, as the callback leaves it. */
    private FakeExchange.FakeSession signedIn(String sid, String subject) throws Exception {
        FakeExchange.FakeSession session = new FakeExchange.FakeSession();
        String idToken = "header." + sid + ".signature";
        SessionKeys keys = new SessionKeys(TestSettings.of(FilterSettings.builder().issuer(ISSUER).set("proxy.allowed-hosts", "app.example.com").clientId("app").clientSecret("s")));
        session.setAttribute(keys.user(), new SignedInUser(subject, ISSUER, Map.of("sid", sid)));
        session.setAttribute(keys.tokens(), new TokenHolder(new SessionTokens("at", "rt", signedIdToken(subject), 0)));
        return session;
    }

    private static String signedIdToken(String subject) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), new JWTClaimsSet.Builder().subject(subject).build());
        jwt.sign(new RSASSASigner(providerKey));
        return jwt.serialize();
    }

    private static boolean isSignedIn(FakeExchange.FakeSession session) {
        return session.attributes.keySet().stream().anyMatch(k -> k.endsWith(".user"));
    }

    private FakeExchange logout(String method, FakeExchange.FakeSession session) throws Exception {
        FakeExchange exchange = FakeExchange.get("/oauth2/logout").withSession(session);
        exchange.method = method;
        return exchange;
    }

    @Test
    void logoutWhenPostThenSessionEndsAndProviderGetsIdTokenHint() throws Exception {
        FakeExchange.FakeSession session = signedIn("sid-1", "alice");
        String idToken = ((TokenHolder) session.attributes.values().stream().filter(v -> v instanceof TokenHolder).findFirst()
                .orElseThrow()).current().idToken();
        FakeExchange exchange = logout("POST", session).header("Origin", "https://app.example.com");
        engine.handle(exchange);
        assertEquals(302, exchange.status);
        assertTrue(session.invalidated);
        String location = exchange.responseHeaders.get("Location");
        assertTrue(location.startsWith(ISSUER + "/logout?"), location);
        Map<String, List<String>> params = URLUtils.parseParameters(URI.create(location).getRawQuery());
        assertEquals(List.of(idToken), params.get("id_token_hint"));
        assertEquals(List.of("app"), params.get("client_id"));
        assertEquals(List.of("https://app.example.com/oauth2/logged-out"), params.get("post_logout_redirect_uri"));
        String state = params.get("state").get(0);
        assertEquals(List.of("pkce-filter-logout=" + state + "; Path=/oauth2/logged-out; Max-Age=600; HttpOnly; SameSite=Lax; Secure"),
                exchange.setCookies, "the state, bound to this browser for the return path only");
        assertEquals("no-store", exchange.responseHeaders.get("Cache-Control"));
        assertTrue(log.records.stream().noneMatch(r -> String.valueOf(r.getMessage()).contains(idToken)));
    }

    private FakeExchange logoutReturn(String state, String cookie) throws Exception {
        FakeExchange exchange = FakeExchange.get("/oauth2/logged-out" + (state == null ? "" : "?state=" + state));
        if (cookie != null) {
            exchange.cookies.put("pkce-filter-logout", cookie);
        }
        engine.handle(exchange);
        return exchange;
    }

    @Test
    void logoutReturnWhenTheStateIsThisBrowsersThenOnToLogoutRedirectAndTheCookieCleared() throws Exception {
        FakeExchange returned = logoutReturn("s-1", "s-1");
        assertEquals(302, returned.status);
        assertEquals("https://app.example.com/", returned.responseHeaders.get("Location"));
        assertEquals(List.of("pkce-filter-logout=; Path=/oauth2/logged-out; Max-Age=0; HttpOnly; SameSite=Lax; Secure"),
                returned.setCookies);
        assertTrue(log.warnings().isEmpty(), log.warnings().toString());
    }

    @Test
    void logoutReturnWhenTheStateIsMissingOrAnotherThenTheAppsRootWithoutTrustAndOneWarning() throws Exception {
        for (String[] attempt : new String[][] {{null, "s-1"}, {"s-2", "s-1"}, {"s-1", null}}) {
            FakeExchange returned = logoutReturn(attempt[0], attempt[1]);
            assertEquals(302, returned.status);
            assertEquals("/", returned.responseHeaders.get("Location"), "the app's root, not logout.redirect's target");
            assertEquals(1, returned.setCookies.size(), "the cookie is cleared either way");
        }
        assertEquals(2, log.warnings().size(), "the two returns to a browser that started a logout: " + log.warnings());
        assertTrue(log.warnings().stream().noneMatch(line -> line.contains("s-1") || line.contains("s-2")),
                "no state value in the log");
    }

    @Test
    void logoutWhenGetAndNotAllowedThen405AndStillSignedIn() throws Exception {
        FakeExchange.FakeSession session = signedIn("sid-1", "alice");
        FakeExchange exchange = logout("GET", session);
        engine.handle(exchange);
        assertEquals(405, exchange.status);
        assertEquals("POST", exchange.responseHeaders.get("Allow"));
        assertTrue(isSignedIn(session));
    }

    @Test
    void logoutWhenGetAllowedThenLoggedOut() throws Exception {
        allowGet = true;
        build();
        FakeExchange.FakeSession session = signedIn("sid-1", "alice");
        FakeExchange exchange = logout("GET", session);
        engine.handle(exchange);
        assertEquals(302, exchange.status);
        assertTrue(session.invalidated);
    }

    @Test
    void logoutWhenCrossSitePostThen403AndStillSignedIn() throws Exception {
        FakeExchange.FakeSession session = signedIn("sid-1", "alice");
        FakeExchange exchange = logout("POST", session).header("Origin", "https://evil.example");
        engine.handle(exchange);
        assertEquals(403, exchange.status);
        assertTrue(isSignedIn(session));
    }

    @Test
    void logoutWhenNoSessionThenStraightToThePostLogoutPage() throws Exception {
        FakeExchange exchange = logout("POST", null);
        engine.handle(exchange);
        assertEquals(302, exchange.status);
        assertEquals("https://app.example.com/", exchange.responseHeaders.get("Location"));
    }

    // Back-channel logout: the engine's own index is fed by SignedInState.begin; here sessions are
    // put in through a second state object sharing nothing, so these tests drive the endpoint's
    // verification; ending sessions end to end is covered by the IT.

    private String logoutToken(RSAKey key, UnaryOperator<JWTClaimsSet.Builder> change) throws Exception {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(ISSUER).audience("app").issueTime(new Date(clock.millis()))
                .expirationTime(new Date(clock.millis() + 120_000))
                .jwtID(UUID.randomUUID().toString()).subject("alice").claim("sid", "sid-1")
                .claim("events", Map.of(EVENT, Map.of()));
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("op")
                .type(new com.nimbusds.jose.JOSEObjectType("logout+jwt")).build(), change.apply(claims).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private FakeExchange backchannel(String token) throws Exception {
        return backchannel(engine, token);
    }

    private static FakeExchange backchannel(LoginEngine node, String token) throws Exception {
        FakeExchange exchange = FakeExchange.get("/oauth2/backchannel-logout");
        exchange.method = "POST";
        if (token != null) {
            exchange.form.put("logout_token", token);
        }
        node.handle(exchange);
        return exchange;
    }

    @Test
    void backchannelWhenValidTokenThen200AndReplayOfItsJtiThen400() throws Exception {
        String token = logoutToken(providerKey, c -> c);
        assertEquals(200, backchannel(token).status);
        FakeExchange replay = backchannel(token);
        assertEquals(400, replay.status);
        assertTrue(replay.body.contains("replay"), replay.body);
    }

    @Test
    void backchannelWhenReceivedByAnotherNodeThenSessionsHereEndAtTheirNextRequestAndTheJtiIsUsedHereToo() throws Exception {
        ClusterStore shared = new NodeLocalStore(clock, 100);
        LoginEngine nodeA = engine(shared);
        LoginEngine nodeB = engine(shared);
        long loggedInAt = clock.millis() / 1000 - 60;
        FakeExchange.FakeSession onB = new FakeExchange.FakeSession();
        onB.setAttribute(nodeB.sessionUserKey(), new SignedInUser("alice", ISSUER, Map.of("sid", "sid-1", "iat", loggedInAt)));
        SignedInUser otherSession = new SignedInUser("alice", ISSUER, Map.of("sid", "sid-2", "iat", loggedInAt));
        assertTrue(nodeB.admits((SignedInUser) onB.attributes.get(nodeB.sessionUserKey()), "/", "/", ""));

        String token = logoutToken(providerKey, c -> c);
        assertEquals(200, backchannel(nodeA, token).status);

        assertFalse(nodeB.admits((SignedInUser) onB.attributes.get(nodeB.sessionUserKey()), "/", "/", ""), "the hot path's question");
        assertTrue(nodeB.admits(otherSession, "/", "/", ""), "another provider session of the same user");
        FakeExchange next = FakeExchange.get("/app").withSession(onB).header("Sec-Fetch-Mode", "navigate")
                .header("Sec-Fetch-Dest", "document");
        nodeB.handle(next);
        assertNull(onB.attributes.get(nodeB.sessionUserKey()), "node B ended the signed-in state");
        assertEquals(302, next.status, "and starts a new login");
        FakeExchange replay = backchannel(nodeB, token);
        assertEquals(400, replay.status);
        assertTrue(replay.body.contains("replay"), replay.body);
    }

    /** A cluster.store whose client fails, as a Redis client does while Redis is down. */
    private static ClusterStore down() {
        return new ClusterStore() {
            @Override
            public boolean putIfAbsent(String key, String value, java.time.Duration ttl) {
                throw new IllegalStateException("connection refused");
            }

            @Override
            public void put(String key, String value, java.time.Duration ttl) {
                throw new IllegalStateException("connection refused");
            }

            @Override
            public List<String> get(List<String> keys) {
                throw new IllegalStateException("connection refused");
            }
        };
    }

    @Test
    void backchannelWhenTheClusterStoreFailsThen503WithRetryAfterSoTheProviderMayDeliverItAgain() throws Exception {
        FakeExchange answer = backchannel(engine(down()), logoutToken(providerKey, c -> c));
        assertEquals(503, answer.status, "not 200 with nothing recorded, not 400 as if the token were bad");
        assertEquals("5", answer.responseHeaders.get("Retry-After"));
        assertTrue(log.warnings().stream().anyMatch(line -> line.contains("reason=STORE_UNAVAILABLE")
                && line.contains("the cluster.store failed (java.lang.IllegalStateException)")), log.warnings().toString());
    }

    @Test
    void backchannelWhenTheStoreFailsWhileMarkingThenTheProvidersNextDeliveryIsNotAReplay() throws Exception {
        NodeLocalStore working = new NodeLocalStore(clock, 100);
        java.util.concurrent.atomic.AtomicBoolean up = new java.util.concurrent.atomic.AtomicBoolean(true);
        ClusterStore flaky = new ClusterStore() {
            @Override
            public boolean putIfAbsent(String key, String value, java.time.Duration ttl) {
                return working.putIfAbsent(key, value, ttl);
            }

            @Override
            public void put(String key, String value, java.time.Duration ttl) {
                if (!up.get()) {
                    throw new IllegalStateException("connection reset");
                }
                working.put(key, value, ttl);
            }

            @Override
            public List<String> get(List<String> keys) {
                return working.get(keys);
            }
        };
        LoginEngine node = engine(flaky);
        String token = logoutToken(providerKey, c -> c);
        up.set(false);
        assertEquals(503, backchannel(node, token).status, "the mark could not be written");
        up.set(true);
        assertEquals(200, backchannel(node, token).status, "delivered again, and now recorded");
        assertEquals(400, backchannel(node, token).status, "a third delivery is the replay");
    }

    @Test
    void admitsWhenTheClusterStoreFailsThenNoRequestIsAdmittedUnchecked() {
        LoginEngine node = engine(down());
        SignedInUser user = new SignedInUser("alice", ISSUER, Map.of("sid", "sid-1", "iat", clock.millis() / 1000));
        assertThrows(dev.pkcefilter.internal.web.StoreUnavailable.class, () -> node.admits(user, "/", "/", ""),
                "the logout marks cannot be read: fail closed");
    }

    @Test
    void backchannelWhenTokenBreaksARuleThen400NamingIt() throws Exception {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put(logoutToken(providerKey, c -> c.audience("other-app")), "aud does not name this client");
        cases.put(logoutToken(providerKey, c -> c.claim("events", null)), "lacks required claims [events]");
        cases.put(logoutToken(providerKey, c -> c.claim("events", Map.of("urn:other-event", Map.of()))),
                "lacks the back-channel logout event");
        cases.put(logoutToken(providerKey, c -> c.claim("nonce", "n")), "has a nonce");
        cases.put(logoutToken(strangerKey, c -> c), "signature does not verify");
        cases.put(logoutToken(providerKey, c -> c.issuer("https://evil.example")), "iss is not the configured issuer");
        cases.put(logoutToken(providerKey, c -> c.subject(null).claim("sid", null)), "neither sid nor sub");
        cases.put(logoutToken(providerKey, c -> c.expirationTime(null)), "lacks required claims [exp]");
        cases.put(logoutToken(providerKey, c -> c.jwtID(null)), "lacks required claims [jti]");
        cases.put(logoutToken(providerKey, c -> c.issueTime(new Date(clock.millis() - 600_000))), "iat is too old");
        cases.put(logoutToken(providerKey, c -> c.issueTime(new Date(clock.millis() + 120_000))), "iat is too old or in the future");
        // Expired on the filter's clock, which is a year after the system's: still valid by the latter.
        cases.put(logoutToken(providerKey, c -> c.expirationTime(new Date(clock.millis() - 61_000))), "has expired (exp)");
        cases.put("not-a-jwt", "not a JWT");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            FakeExchange exchange = backchannel(c.getKey());
            assertEquals(400, exchange.status, c.getValue());
            assertTrue(exchange.body.contains(c.getValue()), c.getValue() + " not in " + exchange.body);
            assertTrue(exchange.body.startsWith("{\"error\":\"invalid_request\""), exchange.body);
        }
        assertEquals(400, backchannel(null).status);
    }

    @Test
    void backchannelWhenGetThen405() throws Exception {
        FakeExchange exchange = FakeExchange.get("/oauth2/backchannel-logout");
        engine.handle(exchange);
        assertEquals(405, exchange.status);
        assertNull(exchange.session);
        assertNotNull(state);
    }
}
