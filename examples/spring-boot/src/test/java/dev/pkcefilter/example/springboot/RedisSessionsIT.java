package dev.pkcefilter.example.springboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkcefilter.MutableClock;
import dev.pkcefilter.testbed.EmbeddedProvider;
import dev.pkcefilter.testbed.ScriptedBrowser;
import dev.pkcefilter.testbed.Shutdown;
import dev.pkcefilter.testbed.ScriptedBrowser.Response;
import dev.pkcefilter.testbed.Ports;
import dev.pkcefilter.testbed.RedisServer;
import java.nio.file.Path;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The Spring Boot example on two nodes that share sessions through Redis (Spring Session, profile
 * {@code redis}), Redis being Debian's {@code redis-server} on a loopback port with persistence off. Both nodes
 * have the same external address (node A's, standing in for a load balancer's), so a test can send each request
 * to either node: a login started on one finishes on the other, and each node then serves the signed-in user.
 * The nodes also share the filter's cluster store in that Redis: a back-channel logout at one node ends the
 * session on the other, and a burst of requests over both nodes at a token's expiry refreshes it once.
 *
 * <p>Both nodes read one movable clock (the app's {@code Clock} bean), so a test reaches a token's expiry without
 * waiting; it only moves forward, so the tests hold in any order.
 */
class RedisSessionsIT {

    private static final String CLIENT_ID = "boot-cluster";
    private static final String CLIENT_SECRET = "boot-cluster-secret";
    private static final String BACKCHANNEL = "/oauth2/backchannel-logout";

    @TempDir
    static Path work;

    private static RedisServer redis;
    private static EmbeddedProvider provider;
    private static ConfigurableApplicationContext nodeA;
    private static ConfigurableApplicationContext nodeB;
    private static String urlA;
    private static String urlB;
    private static final MutableClock clock = MutableClock.followingSystem();

    @BeforeAll
    static void startRedisProviderAndTwoNodes() {
        redis = RedisServer.start(work);
        // Rotation: a refresh token used twice is refused, and the user signed out, so a second use shows.
        provider = EmbeddedProvider.builder().rotateRefreshTokens().start();
        int portA = Ports.free();
        int portB = Ports.free();
        urlA = "http://127.0.0.1:" + portA;
        urlB = "http://127.0.0.1:" + portB;
        nodeA = node(portA);
        nodeB = node(portB);
        provider.registerClient(CLIENT_ID, CLIENT_SECRET, "client_secret_basic", urlA + "/oauth2/callback");
    }

    /** A node as its operators start it: the example's jar with the profile and a few settings. */
    private static ConfigurableApplicationContext node(int port) {
        return RedisNodes.start(new SpringApplicationBuilder(ExampleApplication.class)
                .initializers(context -> context.getBeanFactory().registerSingleton("filterClock", clock)), port, redis.port(),
                provider.issuer(), CLIENT_ID, CLIENT_SECRET, urlA, "--pkce-filter.backchannel-logout.path=" + BACKCHANNEL);
    }

    @AfterAll
    static void stop() {
        Shutdown.closeAll(nodeA, nodeB, provider, redis);
    }

    @Test
    void loginWhenStartedOnOneNodeAndFinishedOnTheOtherThenBothServeTheUser() {
        for (String[] nodes : new String[][] {{urlA, urlB}, {urlB, urlA}}) {
            ScriptedBrowser browser = new ScriptedBrowser();
            Response toProvider = browser.get(nodes[0] + "/");
            assertEquals(302, toProvider.status(), toProvider.body());
            // The provider sends the browser to the external address; the load balancer picks the other node.
            String callback = browser.signInAtProvider(toProvider, "alice", "wonderland").replace(urlA, nodes[1]);
            Response backToApp = browser.get(callback);
            assertEquals(302, backToApp.status(), "the callback on the other node: " + backToApp.body());

            for (String node : List.of(urlA, urlB)) {
                Response page = browser.get(node + "/");
                assertEquals(200, page.status(), node + ": " + page.body());
                assertTrue(page.body().contains(SpringBootLoginIT.SIGNED_IN_AS_ALICE), page.body());
            }
        }
    }

    /** A browser signed in through a login started on one node and finished on the other. */
    private static ScriptedBrowser signedIn(String startOn, String finishOn) {
        ScriptedBrowser browser = new ScriptedBrowser();
        String callback = browser.signInAtProvider(browser.get(startOn + "/"), "alice", "wonderland").replace(urlA, finishOn);
        assertEquals(302, browser.get(callback).status());
        return browser;
    }

    private static void assertSignedOut(ScriptedBrowser browser, String node) {
        Response page = browser.get(node + "/");
        assertEquals(302, page.status(), node + " still served the user: " + page.body());
        assertTrue(page.location().startsWith(provider.issuer()), "a new login: " + page.location());
    }

    @Test
    void backchannelLogoutWhenReceivedByOneNodeThenTheNextRequestThroughTheOtherIsSignedOut() throws Exception {
        ScriptedBrowser browser = signedIn(urlA, urlB);
        ScriptedBrowser bystander = signedIn(urlB, urlA);
        List<String> idTokens = provider.issuedIdTokens();
        String sid = SignedJWT.parse(idTokens.get(idTokens.size() - 2)).getJWTClaimsSet().getStringClaim("sid");

        String token = provider.logoutToken(CLIENT_ID, sid, clock.instant());
        // Node A never saw this session: the login finished on node B.
        Response accepted = new ScriptedBrowser().postForm(urlA + BACKCHANNEL, Map.of("logout_token", token));
        assertEquals(200, accepted.status(), accepted.body());

        assertSignedOut(browser, urlB);
        assertSignedOut(browser, urlA);
        assertEquals(200, bystander.get(urlB + "/").status(), "another provider session stays signed in");
        Response replay = new ScriptedBrowser().postForm(urlB + BACKCHANNEL, Map.of("logout_token", token));
        assertEquals(400, replay.status(), "the jti was used at node A: " + replay.body());
    }

    @Test
    void apiCallWhenTwentyRequestsOverBothNodesAtExpiryThenOneRefreshAndStillSignedIn() throws Exception {
        ScriptedBrowser browser = signedIn(urlB, urlA);
        assertEquals(200, browser.get(urlA + "/api-call").status());
        long refreshesBefore = refreshes();
        // Into the 30-second refresh margin of the provider's 5-minute access token.
        clock.advance(Duration.ofMinutes(5).minusSeconds(20));

        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                String node = i % 2 == 0 ? urlA : urlB;
                answers.add(pool.submit(() -> {
                    start.await();
                    return browser.get(node + "/api-call");
                }));
            }
            start.countDown();
            for (Future<Response> answer : answers) {
                Response response = answer.get();
                assertEquals(200, response.status(), response.body());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(refreshesBefore + 1, refreshes(), "one refresh for the burst");
        for (String node : List.of(urlA, urlB)) {
            assertEquals(200, browser.get(node + "/api-call").status(), node);
        }
        assertEquals(refreshesBefore + 1, refreshes(), "the refreshed token is used by both nodes");
    }

    private static long refreshes() {
        return provider.tokenRequests().stream()
                .filter(request -> request.parameter("grant_type").orElse("").equals("refresh_token")).count();
    }

    @Test
    void pageViewWhenSignedInThenTheFilterWritesNothingToTheSession() {
        ScriptedBrowser browser = new ScriptedBrowser();
        browser.follow(browser.get(browser.signInAtProvider(browser.get(urlA + "/"), "alice", "wonderland")));

        List<String> commands = redis.monitor(() -> {
            for (int i = 0; i < 10; i++) {
                assertEquals(200, browser.get((i % 2 == 0 ? urlA : urlB) + "/").status());
            }
        });
        // Spring Security's own session fixation protection, left on, renamed the session on every page view.
        assertEquals(0, commands.stream().filter(line -> line.contains("\"RENAME\"")).count(), "the session kept its id");
        List<String> sessionWrites = commands.stream().filter(line -> line.contains("\"HSET\"") || line.contains("\"HMSET\""))
                .toList();
        assertTrue(sessionWrites.size() >= 10, "Spring Session's own last-access writes: " + sessionWrites.size());
        // Only the command and key are shown: the values are serialized session attributes, tokens among them.
        assertEquals(List.of(), sessionWrites.stream().filter(line -> line.contains("sessionAttr:dev.pkcefilter"))
                .map(line -> line.substring(0, line.indexOf("sessions:") + 45)).toList(),
                "the filter's attributes are not written again when nothing changed");
    }
}
