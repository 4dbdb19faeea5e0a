package dev.pkcefilter.containers.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.SignedJWT;
import dev.pkcefilter.testbed.EmbeddedProvider;
import dev.pkcefilter.testbed.ScriptedBrowser;
import dev.pkcefilter.testbed.ScriptedBrowser.Response;
import dev.pkcefilter.testbed.RedisServer;
import dev.pkcefilter.testbed.Shutdown;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Tomcat recipe of docs/several-nodes.md, run as written: two nodes of Tomcat 10.1's distribution share sessions in Redis
 * through Redisson's session manager and the filter's cluster store through the Redisson store jar, behind nginx
 * with round-robin upstreams and no stickiness. The WAR is the unchanged jakarta example; the filter's settings
 * come from a file named by {@code -Dpkcefilter.config}, as an operator would give them.
 */
class TomcatClusterIT {

    private static final String CLIENT_ID = "tomcat-cluster";
    private static final String CLIENT_SECRET = "tomcat-cluster-secret";
    private static final String BACKCHANNEL = "/oauth2/backchannel-logout";
    private static final String USER = "alice";
    private static final String PASSWORD = "wonderland";

    @TempDir
    static Path work;

    private static RedisServer redis;
    private static EmbeddedProvider provider;
    private static TomcatNode nodeA;
    private static TomcatNode nodeB;
    private static RoundRobinNginx nginx;
    /** The app's root through nginx: its external address. */
    private static String app;

    @BeforeAll
    static void startRedisProviderNodesAndNginx() throws IOException {
        redis = RedisServer.start(work);
        int redisPort = redis.port();
        provider = EmbeddedProvider.builder().user(USER, PASSWORD).start();
        int nginxPort = RoundRobinNginx.choosePort();
        app = "http://127.0.0.1:" + nginxPort + TomcatNode.CONTEXT_PATH;
        provider.registerClient(CLIENT_ID, CLIENT_SECRET, "client_secret_basic", app + "/oauth2/callback");

        Path settings = work.resolve("pkce-filter.properties");
        Files.writeString(settings, String.join("\n",
                "issuer=" + provider.issuer(),
                "client.id=" + CLIENT_ID,
                "client.secret=" + CLIENT_SECRET,
                "external.base-url=" + app,
                "backchannel-logout.path=" + BACKCHANNEL,
                "cluster.store=dev.pkcefilter.example.redisson.RedissonClusterStore",
                ""));
        Path redisson = work.resolve("redisson.yaml");
        Files.writeString(redisson, TomcatNode.redissonYaml("redis://127.0.0.1:" + redisPort));
        // One after the other: two Tomcats starting at once on two cores only take longer each.
        nodeA = TomcatNode.create("a", work, settings, redisson).start();
        nodeB = TomcatNode.create("b", work, settings, redisson).start();
        nginx = RoundRobinNginx.start(work.resolve("nginx"), nginxPort, List.of(nodeA.port(), nodeB.port()));
    }

    @AfterAll
    static void stopAll() {
        Shutdown.closeAll(nginx, nodeA, nodeB, provider, redis);
    }

    /** Starts a login at {@code startAt} and stops before the callback: the provider has sent the browser back. */
    private static String pendingLogin(ScriptedBrowser browser, String startAt) {
        Response toProvider = browser.get(startAt + "/");
        assertEquals(302, toProvider.status(), toProvider.body());
        return browser.signInAtProvider(toProvider, USER, PASSWORD);
    }

    private static void assertSignedIn(ScriptedBrowser browser, String at) {
        Response page = browser.get(at + "/");
        assertEquals(200, page.status(), at + ": " + page.body());
        assertTrue(page.body().contains("<span id=\"user\">" + USER + "</span>"), page.body());
    }

    private static void assertSignedOut(ScriptedBrowser browser, String at) {
        Response page = browser.get(at + "/");
        assertEquals(302, page.status(), at + " still served the user: " + page.body());
        assertTrue(page.location().startsWith(provider.issuer()), page.location());
    }

    @Test
    void loginWhenStartedOnOneNodeAndFinishedOnTheOtherThenBothServeTheUser() {
        for (TomcatNode[] nodes : new TomcatNode[][] {{nodeA, nodeB}, {nodeB, nodeA}}) {
            ScriptedBrowser browser = new ScriptedBrowser();
            // The provider sends the browser to the external address; here it reaches the other node directly.
            String callback = pendingLogin(browser, nodes[0].appUrl()).replace(app, nodes[1].appUrl());
            Response backToApp = browser.get(callback);
            assertEquals(302, backToApp.status(), "the callback on " + nodes[1] + ": " + backToApp.body());
            assertSignedIn(browser, nodeA.appUrl());
            assertSignedIn(browser, nodeB.appUrl());
        }
    }

    @Test
    void backchannelLogoutWhenPostedToOneNodeThenTheUserIsSignedOutOnTheOther() throws Exception {
        ScriptedBrowser browser = new ScriptedBrowser();
        assertEquals(302, browser.get(pendingLogin(browser, nodeB.appUrl()).replace(app, nodeB.appUrl())).status());
        List<String> idTokens = provider.issuedIdTokens();
        String sid = SignedJWT.parse(idTokens.get(idTokens.size() - 1)).getJWTClaimsSet().getStringClaim("sid");
        ScriptedBrowser bystander = new ScriptedBrowser();
        assertEquals(302, bystander.get(pendingLogin(bystander, nodeB.appUrl()).replace(app, nodeB.appUrl())).status());

        String token = provider.logoutToken(CLIENT_ID, sid, Instant.now());
        // Node A never saw the session: its login ran on node B.
        Response accepted = new ScriptedBrowser().postForm(nodeA.appUrl() + BACKCHANNEL, Map.of("logout_token", token));
        assertEquals(200, accepted.status(), accepted.body());

        assertSignedOut(browser, nodeB.appUrl());
        assertSignedIn(bystander, nodeB.appUrl());
        Response replay = new ScriptedBrowser().postForm(nodeB.appUrl() + BACKCHANNEL, Map.of("logout_token", token));
        assertEquals(400, replay.status(), "the jti was used at node A: " + replay.body());
    }

    @Test
    void loginsWhenManyRunAtOnceThroughRoundRobinThenNoneFailsAndTheyCrossNodes() throws Exception {
        int logins = Integer.getInteger("cluster.logins", 1000);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Future<Boolean>> crossed = new ArrayList<>();
        try {
            for (int i = 0; i < logins; i++) {
                crossed.add(pool.submit(() -> {
                    ScriptedBrowser browser = new ScriptedBrowser();
                    Response toProvider = browser.get(app + "/");
                    assertEquals(302, toProvider.status(), toProvider.body());
                    Response backToApp = browser.get(browser.signInAtProvider(toProvider, USER, PASSWORD));
                    assertEquals(302, backToApp.status(), backToApp.body());
                    assertSignedIn(browser, app);
                    return !upstream(toProvider).equals(upstream(backToApp));
                }));
            }
            long acrossNodes = 0;
            for (Future<Boolean> login : crossed) {
                acrossNodes += login.get() ? 1 : 0;
            }
            System.out.println("[cluster] " + logins + " logins at concurrency 20 through nginx, 0 failed; " + acrossNodes
                    + " started on one node and finished on the other");
            // Round robin over all clients' requests splits about half of the logins; far fewer would mean stickiness.
            assertTrue(acrossNodes >= logins / 4, "logins split over the nodes: " + acrossNodes + " of " + logins);
        } finally {
            pool.shutdownNow();
        }
    }

    private static String upstream(Response response) {
        return response.header("X-Upstream").orElseThrow(() -> new AssertionError("nginx named no upstream"));
    }

    @Test
    void nodeLossWhenEachNodeIsKilledInTurnThenNoSignedInUserAndNoPendingLoginIsLost() {
        List<ScriptedBrowser> signedIn = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ScriptedBrowser browser = new ScriptedBrowser();
            assertEquals(302, browser.get(pendingLogin(browser, app)).status());
            signedIn.add(browser);
        }
        // A rolling restart: A dies and comes back, then B.
        for (TomcatNode node : List.of(nodeA, nodeB)) {
            Map<ScriptedBrowser, String> pending = new java.util.LinkedHashMap<>();
            for (int i = 0; i < 10; i++) {
                ScriptedBrowser browser = new ScriptedBrowser();
                pending.put(browser, pendingLogin(browser, app));
            }
            node.kill();
            for (ScriptedBrowser browser : signedIn) {
                assertSignedIn(browser, app);
            }
            pending.forEach((browser, callback) -> {
                Response backToApp = browser.get(callback);
                assertEquals(302, backToApp.status(), "a pending login after " + node + " died: " + backToApp.body());
                assertSignedIn(browser, app);
            });
            node.start();
        }
        for (ScriptedBrowser browser : signedIn) {
            assertSignedIn(browser, nodeA.appUrl());
            assertSignedIn(browser, nodeB.appUrl());
        }
    }
}
