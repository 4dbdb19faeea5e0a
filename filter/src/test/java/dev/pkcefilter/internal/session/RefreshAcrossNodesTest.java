package dev.pkcefilter.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkcefilter.FakeExchange;
import dev.pkcefilter.FilterSettings;
import dev.pkcefilter.MutableClock;
import dev.pkcefilter.RotatingTokenEndpoint;
import dev.pkcefilter.SignedInUser;
import dev.pkcefilter.TestSettings;
import dev.pkcefilter.TokenUnavailableException;
import dev.pkcefilter.internal.client.ClientAuthenticator;
import dev.pkcefilter.internal.endpoint.TokenExchange;
import dev.pkcefilter.internal.provider.Provider;
import dev.pkcefilter.internal.provider.ProviderAvailability;
import dev.pkcefilter.internal.settings.Settings;
import dev.pkcefilter.internal.store.LogoutMarks;
import dev.pkcefilter.internal.store.NodeLocalStore;
import dev.pkcefilter.internal.store.SessionIndex;
import dev.pkcefilter.internal.store.StoreKeys;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One refresh per expiry however many nodes and requests ask at once. Each request gets its own
 * copy of the session, as with a shared session store (Spring Session, Redisson), so the
 * per-session lock alone would not serialize them; the nodes share one {@link ClusterStore}.
 */
class RefreshAcrossNodesTest {

    private static final String ISSUER = "https://idp.example.com";

    private final MutableClock clock = new MutableClock();
    private final NodeLocalStore shared = new NodeLocalStore(clock, 100);
    private RotatingTokenEndpoint provider;
    private Settings settings;
    private SessionKeys keys;

    @BeforeEach
    void start() throws Exception {
        provider = new RotatingTokenEndpoint("rt-0");
        settings = TestSettings.of(FilterSettings.builder().issuer(ISSUER).set("proxy.allowed-hosts", "app.example.com").clientId("app")
                .clientSecret("secret").clock(clock).clusterStore(shared));
        keys = new SessionKeys(settings);
    }

    @AfterEach
    void stop() {
        provider.close();
    }

    /** A node: its own state, index and refresher, the cluster's store. */
    private TokenRefresher node(LongConsumer pause) {
        SignedInState state = new SignedInState(settings, keys, new SessionIndex(10),
                new LogoutMarks(settings, shared, true));
        ProviderAvailability availability = new ProviderAvailability(() -> new Provider(URI.create(ISSUER),
                URI.create(ISSUER + "/authorize"), provider.uri(), false, null), clock, ISSUER);
        availability.discoverAtStartup();
        return new TokenRefresher(settings, state, availability, new TokenExchange(settings, TestSettings.only(settings), ClientAuthenticator.from(settings, TestSettings.only(settings))),
                shared, new StoreKeys(ISSUER), pause);
    }

    /** One request's copy of the session, as the shared session store loads it: the access token is due. */
    private FakeExchange.FakeSession copyOfTheSession() {
        FakeExchange.FakeSession session = new FakeExchange.FakeSession();
        session.setAttribute(keys.user(), new SignedInUser("alice", ISSUER, Map.of("sub", "alice", "sid", "s1")));
        session.setAttribute(keys.tokens(), new TokenHolder(new SessionTokens("at-0", "rt-0", "id", clock.millis() + 10_000)));
        return session;
    }

    private static String refreshTokenIn(FakeExchange.FakeSession session) {
        return session.attributes.values().stream().filter(v -> v instanceof TokenHolder).map(v -> ((TokenHolder) v).current())
                .findFirst().orElseThrow().refreshToken();
    }

    @Test
    void accessTokenWhenTwentyRequestsOverTwoNodesAtExpiryThenOneRefreshAndAllAdoptIt() throws Exception {
        List<TokenRefresher> nodes = List.of(node(TokenRefresher::sleep), node(TokenRefresher::sleep));
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        List<FakeExchange.FakeSession> copies = new ArrayList<>();
        List<Future<String>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                FakeExchange.FakeSession copy = copyOfTheSession();
                TokenRefresher node = nodes.get(i % 2);
                copies.add(copy);
                answers.add(pool.submit((Callable<String>) () -> {
                    start.await();
                    return node.accessToken(copy);
                }));
            }
            start.countDown();
            for (Future<String> answer : answers) {
                assertEquals("at-1", answer.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, provider.refreshes(), "one refresh for twenty requests");
        assertFalse(provider.revoked(), "the provider never saw the refresh token twice");
        for (FakeExchange.FakeSession copy : copies) {
            assertEquals("rt-1", refreshTokenIn(copy), "each copy was written back with the rotated token");
            assertNotNull(copy.attributes.get(keys.user()), "signed in");
        }
    }

    /** A copy whose access token has an hour left: only a resource server's 401 makes it due. */
    private FakeExchange.FakeSession copyWithCurrentToken(String accessToken) {
        FakeExchange.FakeSession session = copyOfTheSession();
        session.setAttribute(keys.tokens(), new TokenHolder(new SessionTokens(accessToken, "rt-0", "id", clock.millis() + 3_600_000)));
        return session;
    }

    @Test
    void refreshRejectedWhenTwentyRequestsOverTwoNodesReportOneTokenThenOneRefreshAndAllGetTheNewToken() throws Exception {
        List<TokenRefresher> nodes = List.of(node(TokenRefresher::sleep), node(TokenRefresher::sleep));
        assertEquals("at-0", nodes.get(0).accessToken(copyWithCurrentToken("at-0")), "not due by its expiry");
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                FakeExchange.FakeSession copy = copyWithCurrentToken("at-0");
                TokenRefresher node = nodes.get(i % 2);
                answers.add(pool.submit((Callable<String>) () -> {
                    start.await();
                    return node.refreshRejected(copy, "at-0");
                }));
            }
            start.countDown();
            for (Future<String> answer : answers) {
                assertEquals("at-1", answer.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, provider.refreshes(), "one refresh for twenty reports of the rejected token");
        assertFalse(provider.revoked(), "the provider never saw the refresh token twice");
    }

    @Test
    void refreshRejectedWhenAnExpirysOutcomeHoldsTheRejectedTokenThenItIsNotHandedBack() {
        TokenRefresher node = node(millis -> { });
        assertEquals("at-1", node.accessToken(copyOfTheSession()), "an expiry's refresh; its outcome stays 2 minutes");
        // A provider that kept the refresh token: the session has rt-0 and at-1, and an API rejects at-1.
        String answer;
        try {
            answer = node.refreshRejected(copyWithCurrentToken("at-1"), "at-1");
        } catch (dev.pkcefilter.TokenUnavailableException refused) {
            answer = "(refused: " + refused.getMessage() + ")";
        }
        assertNotEquals("at-1", answer, "the outcome of the expiry's refresh is not this report's");
        assertEquals(2, provider.refreshes(), "a refresh of its own");
    }

    @Test
    void refreshRejectedWhenTheRejectedTokenWasAlreadyReplacedThenTheCurrentOneWithoutACall() {
        assertEquals("at-5", node(millis -> { }).refreshRejected(copyWithCurrentToken("at-5"), "at-4"));
        assertEquals(0, provider.refreshes());
    }

    @Test
    void accessTokenWhenARequestHoldsAnOldCopyAfterTheRefreshThenItAdoptsWithoutUsingTheOldTokenAgain() {
        TokenRefresher nodeA = node(millis -> { });
        TokenRefresher nodeB = node(millis -> { });
        FakeExchange.FakeSession loadedEarly = copyOfTheSession();
        assertEquals("at-1", nodeA.accessToken(copyOfTheSession()));
        assertEquals("at-1", nodeB.accessToken(loadedEarly));
        assertEquals("rt-1", refreshTokenIn(loadedEarly));
        assertEquals(1, provider.refreshes());
    }

    @Test
    void accessTokenWhenTheLeaseHolderDiedThenAWaiterTakesOverOnceTheLeaseExpires() {
        String lease = new StoreKeys(ISSUER).refresh("rt-0");
        shared.putIfAbsent(lease, TokenRefresher.PENDING, Duration.ofSeconds(15));
        List<Long> pauses = new ArrayList<>();
        TokenRefresher waiter = node(millis -> {
            pauses.add(millis);
            clock.advance(Duration.ofSeconds(1));
        });
        assertEquals("at-1", waiter.accessToken(copyOfTheSession()));
        assertEquals(15, pauses.size(), "waited, one pause per second on the clock, until the lease expired");
        assertEquals(1, provider.refreshes());
    }

    @Test
    void accessTokenWhenTheRefreshAnotherNodeMadeWasRefusedThenSignedOutWithoutACall() {
        shared.put(new StoreKeys(ISSUER).refresh("rt-0"), TokenRefresher.REFUSED, Duration.ofMinutes(2));
        FakeExchange.FakeSession copy = copyOfTheSession();
        TokenUnavailableException refused = assertThrows(TokenUnavailableException.class, () -> node(millis -> { }).accessToken(copy));
        assertTrue(refused.getMessage().startsWith("sign-in required"), refused.getMessage());
        assertNull(copy.attributes.get(keys.user()));
        assertEquals(0, provider.refreshes());
    }

    @Test
    void accessTokenWhenAnotherNodeNeverFinishesThenTryAgainLaterAndStillSignedIn() {
        shared.putIfAbsent(new StoreKeys(ISSUER).refresh("rt-0"), TokenRefresher.PENDING, Duration.ofHours(1));
        FakeExchange.FakeSession copy = copyOfTheSession();
        TokenUnavailableException busy = assertThrows(TokenUnavailableException.class, () -> node(millis -> { }).accessToken(copy));
        assertTrue(busy.getMessage().contains("still refreshing"), busy.getMessage());
        assertNotNull(copy.attributes.get(keys.user()), "not signed out for waiting");
        assertEquals(0, provider.refreshes());
    }
}
