package dev.pkcefilter.example.springboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkcefilter.testbed.EmbeddedProvider;
import dev.pkcefilter.testbed.Ports;
import dev.pkcefilter.testbed.RedisServer;
import dev.pkcefilter.testbed.ScriptedBrowser;
import dev.pkcefilter.testbed.Shutdown;
import dev.pkcefilter.testbed.ScriptedBrowser.Response;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The set-up of docs/several-nodes.md (the Spring Boot example twice, sessions and the cluster store in one Debian
 * {@code redis-server}) while Redis is down: signed-in users browse and call the API through both nodes, and new
 * users try to sign in. During the outage the filter answers 503 with {@code Retry-After} (its page for a page,
 * JSON for the API), admits nobody, and nothing waits for the Redis client's default minute (the example's client
 * times out after 2 s). Once Redis is back with its data, the users signed in before are still signed in, and a new
 * user signs in. Its own Redis and nodes: stopping Redis must not touch {@link RedisSessionsIT}'s.
 */
class RedisOutageIT {

    private static final String CLIENT_ID = "boot-outage";
    private static final String CLIENT_SECRET = "boot-outage-secret";

    @TempDir
    static Path work;

    private static RedisServer redis;
    private static EmbeddedProvider provider;
    private static ConfigurableApplicationContext nodeA;
    private static ConfigurableApplicationContext nodeB;
    private static String urlA;
    private static String urlB;

    @BeforeAll
    static void startRedisProviderAndTwoNodes() {
        redis = RedisServer.start(work);
        provider = EmbeddedProvider.builder().start();
        int portA = Ports.free();
        int portB = Ports.free();
        urlA = "http://127.0.0.1:" + portA;
        urlB = "http://127.0.0.1:" + portB;
        nodeA = node(portA);
        nodeB = node(portB);
        provider.registerClient(CLIENT_ID, CLIENT_SECRET, "client_secret_basic", urlA + "/oauth2/callback");
    }

    private static ConfigurableApplicationContext node(int port) {
        return RedisNodes.start(new SpringApplicationBuilder(ExampleApplication.class), port, redis.port(), provider.issuer(),
                CLIENT_ID, CLIENT_SECRET, urlA);
    }

    @AfterAll
    static void stop() {
        Shutdown.closeAll(nodeA, nodeB, provider, redis);
    }

    private static ScriptedBrowser signedIn(String startOn, String finishOn) {
        ScriptedBrowser browser = new ScriptedBrowser();
        String callback = browser.signInAtProvider(browser.get(startOn + "/"), "alice", "wonderland").replace(urlA, finishOn);
        assertEquals(302, browser.get(callback).status());
        return browser;
    }

    @Test
    void outageWhenRedisStopsWhileUsersBrowseAndSignInThen503sNobodyAdmittedAndBackWhenItReturns() {
        List<ScriptedBrowser> users = List.of(signedIn(urlA, urlB), signedIn(urlB, urlA));
        for (ScriptedBrowser user : users) {
            assertEquals(200, user.get(urlB + "/").status(), "signed in before the outage");
        }
        Map<String, Integer> statuses = new TreeMap<>();
        int requests = 0;
        long longest = 0;
        redis.stopKeepingData();
        try {
            for (ScriptedBrowser user : users) {
                for (String node : List.of(urlA, urlB)) {
                    long start = System.nanoTime();
                    Response page = user.get(node + "/");
                    longest = Math.max(longest, System.nanoTime() - start);
                    requests++;
                    statuses.merge("page " + page.status(), 1, Integer::sum);
                    assertEquals(503, page.status(), node + ": " + page.body());
                    assertEquals(Optional.of("5"), page.header("Retry-After"));
                    assertTrue(page.body().contains("Reason: <code>STORE_UNAVAILABLE</code>"), page.body());
                    assertTrue(page.body().matches("(?s).*Reference: <code>[A-Z0-9]{8}</code>.*"), page.body());

                    Response api = user.get(node + "/", Map.of("Accept", "application/json"));
                    requests++;
                    statuses.merge("api " + api.status(), 1, Integer::sum);
                    assertEquals(503, api.status(), api.body());
                    assertEquals(Optional.of("5"), api.header("Retry-After"));
                    assertTrue(api.body().startsWith("{\"error\":\"temporarily_unavailable\""), api.body());
                }
            }
            // A newcomer's login start: the filter makes its redirect, but the session is written after the
            // filter, by Spring Session's own filter, which fails. Whatever it answers, no one is signed in.
            for (String node : List.of(urlA, urlB)) {
                ScriptedBrowser newcomer = new ScriptedBrowser();
                Response start = newcomer.get(node + "/");
                requests++;
                statuses.merge("login start " + start.status(), 1, Integer::sum);
                assertNotEquals(200, start.status(), start.body());
                assertFalse(start.body().contains("\tat org.") || start.body().contains("\tat java."),
                        "no stack trace on any page: " + start.body());
            }
        } finally {
            redis.startAgain();
        }
        System.out.printf("RedisOutageIT: %d requests during the outage, statuses %s, the longest %d ms%n", requests, statuses,
                longest / 1_000_000);

        // The nodes' Redis client reconnects on its own after a moment: the first requests may still find it away.
        for (ScriptedBrowser user : users) {
            for (String node : List.of(urlA, urlB)) {
                Response page = afterReconnect(user, node + "/");
                assertEquals(200, page.status(), node + ": " + page.body());
                assertTrue(page.body().contains(SpringBootLoginIT.SIGNED_IN_AS_ALICE), "still signed in: " + page.body());
            }
        }
        ScriptedBrowser newcomer = signedIn(urlB, urlA);
        assertEquals(200, newcomer.get(urlB + "/").status(), "and a new user signs in");
    }

    /** The first answer that is not the outage's 503, within 30 attempts a few hundred ms apart. */
    private static Response afterReconnect(ScriptedBrowser browser, String url) {
        List<Integer> seen = new ArrayList<>();
        for (int attempt = 0; attempt < 30; attempt++) {
            Response answer = browser.get(url);
            if (answer.status() != 503) {
                return answer;
            }
            seen.add(answer.status());
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("still 503 after Redis came back: " + seen);
    }
}
