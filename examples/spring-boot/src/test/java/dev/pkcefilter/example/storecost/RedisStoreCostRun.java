package dev.pkcefilter.example.storecost;

import dev.pkcefilter.example.springboot.ExampleApplication;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pkcefilter.ClusterStore;
import dev.pkcefilter.testbed.EmbeddedProvider;
import dev.pkcefilter.testbed.Ports;
import dev.pkcefilter.testbed.RedisServer;
import dev.pkcefilter.testbed.ScriptedBrowser;
import dev.pkcefilter.testbed.ScriptedBrowser.Response;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The store-cost run (in a package of its own, so the example's component scan does not find its bare app) of the several-nodes issue, not a test: it measures and prints, and fails only when a request
 * fails. Run it with {@code mvn -pl examples/spring-boot -am verify -Dit.test=RedisStoreCostRun
 * -Dsurefire.skip=true} (about a minute). One node of the Spring Boot example with its sessions and the filter's
 * cluster store in Debian's {@code redis-server}, against the embedded provider, whose ID token is made about
 * as large as Keycloak's (roles, groups, names). It reports:
 * <ul>
 *   <li>bytes in Redis per pending login and per signed-in session ({@code MEMORY USAGE}, and the length of each
 *       of the filter's attributes);
 *   <li>the Redis commands of a signed-in page view ({@code MONITOR} over 200 views), writes and reads apart;
 *   <li>signed-in page views per second, against the same app without the filter (the same greeting, Spring
 *       Session in the same Redis with a session of its own that holds the user's name, read on every request,
 *       Spring Security letting every request in), over interleaved rounds.
 * </ul>
 */
class RedisStoreCostRun {

    private static final String CLIENT_ID = "store-cost";
    private static final String CLIENT_SECRET = "store-cost-secret";
    private static final int ROUNDS = Integer.getInteger("rounds", 5);
    private static final int SECONDS = Integer.getInteger("seconds", 5);
    private static final int CLIENTS = Integer.getInteger("clients", 8);

    @TempDir
    Path work;

    @Test
    void run() throws Exception {
        try (RedisServer redis = RedisServer.start(work);
                EmbeddedProvider provider = EmbeddedProvider.builder()
                        .idTokenClaim("realm_access", Map.of("roles", List.of("offline_access", "uma_authorization",
                                "default-roles-main", "staff", "orders-reader", "orders-writer")))
                        .idTokenClaim("groups", List.of("/engineering", "/engineering/platform", "/staff"))
                        .idTokenClaim("preferred_username", "alice.liddell")
                        .idTokenClaim("name", "Alice Liddell").idTokenClaim("given_name", "Alice")
                        .idTokenClaim("family_name", "Liddell").idTokenClaim("email", "alice@example.com")
                        .idTokenClaim("email_verified", true).idTokenClaim("acr", "1")
                        .idTokenClaim("session_state", "8c2b6f2e-5b1d-4f0e-9a43-6c1f8e2d7b90").start()) {
            int port = Ports.free();
            String app = "http://127.0.0.1:" + port;
            provider.registerClient(CLIENT_ID, CLIENT_SECRET, "client_secret_basic", app + "/oauth2/callback");
            try (ConfigurableApplicationContext node = new SpringApplicationBuilder(ExampleApplication.class).run(
                    "--server.port=" + port, "--spring.main.banner-mode=off", "--spring.profiles.active=redis",
                    "--spring.data.redis.port=" + redis.port(), "--pkce-filter.issuer=" + provider.issuer(),
                    "--pkce-filter.client.id=" + CLIENT_ID, "--pkce-filter.client.secret=" + CLIENT_SECRET,
                    "--pkce-filter.external.base-url=" + app, "--pkce-filter.roles.claim=realm_access.roles",
                    "--pkce-filter.backchannel-logout.path=/oauth2/backchannel-logout")) {
                ScriptedBrowser browser = new ScriptedBrowser();
                Response toProvider = browser.get(app + "/");
                String session = sessionOf(browser);
                report("pending login: the session", usage(redis, session), fields(redis, session));
                // Another user with two tabs, each starting a login: the second login's cost.
                ScriptedBrowser twoTabs = new ScriptedBrowser();
                twoTabs.get(app + "/");
                twoTabs.get(app + "/second-tab");
                report("two pending logins: the session", usage(redis, sessionOf(twoTabs)), fields(redis, sessionOf(twoTabs)));

                Response backToApp = browser.get(browser.signInAtProvider(toProvider, "alice", "wonderland"));
                assertEquals(302, backToApp.status(), backToApp.body());
                String signedIn = sessionOf(browser);
                List<String> idTokens = provider.issuedIdTokens();
                System.out.println("[store-cost] ID token: " + idTokens.get(idTokens.size() - 1).length() + " characters");
                report("signed in: the session", usage(redis, signedIn), fields(redis, signedIn));

                List<String> commands = redis.monitor(() -> {
                    for (int i = 0; i < 200; i++) {
                        assertEquals(200, browser.get(app + "/").status());
                    }
                });
                Map<String, Integer> byCommand = new TreeMap<>();
                for (String line : commands) {
                    String command = line.replaceFirst("^[^\"]*\"([^\"]+)\".*$", "$1").toUpperCase();
                    byCommand.merge(command, 1, Integer::sum);
                }
                System.out.println("[store-cost] Redis commands over 200 signed-in page views: " + byCommand);
                System.out.println("[store-cost] of them writing a filter attribute: "
                        + commands.stream().filter(line -> line.contains("sessionAttr:dev.pkcefilter")
                                && (line.contains("\"HSET\"") || line.contains("\"HMSET\""))).count());

                String cookie = browser.cookie("127.0.0.1", "SESSION").orElseThrow();
                int memoryPort = Ports.free();
                // The same node once more, with the filter's cluster store in its own memory, as one node would run:
                // what the logout marks' MGET costs, apart from the rest of the filter's work.
                try (ConfigurableApplicationContext memoryNode = new SpringApplicationBuilder(ExampleApplication.class,
                        MemoryStoreConfiguration.class).run("--server.port=" + memoryPort, "--spring.main.banner-mode=off",
                        "--spring.profiles.active=redis", "--spring.data.redis.port=" + redis.port(),
                        "--pkce-filter.issuer=" + provider.issuer(), "--pkce-filter.client.id=" + CLIENT_ID,
                        "--pkce-filter.client.secret=" + CLIENT_SECRET, "--pkce-filter.external.base-url=" + app,
                        "--pkce-filter.roles.claim=realm_access.roles")) {
                    throughput(app, "http://127.0.0.1:" + memoryPort, redis, cookie);
                }
            }
        }
    }

    private void throughput(String filtered, String memoryStore, RedisServer redis, String cookie) throws Exception {
        int port = Ports.free();
        String bare = "http://127.0.0.1:" + port;
        // The example's application.properties turns Spring Session and Redis off unless the profile "redis" is
        // active; the bare app turns them on the same way, or it would measure sessions in Tomcat's memory.
        try (ConfigurableApplicationContext bareApp = new SpringApplicationBuilder(BareApplication.class).run(
                "--server.port=" + port, "--spring.main.banner-mode=off", "--server.address=127.0.0.1",
                "--spring.autoconfigure.exclude=", "--spring.data.redis.port=" + redis.port(),
                "--spring.session.redis.namespace=pkce-filter-example", "--spring.session.redis.flush-mode=on-save")) {
            // The bare app's user signs in by its own means: a session of its own in the same Redis, holding the
            // user's name, as an app without the filter would keep it.
            HttpResponse<String> signIn = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(bare + "/bare-sign-in")).build(), HttpResponse.BodyHandlers.ofString());
            String bareCookie = signIn.headers().firstValue("Set-Cookie").orElseThrow()
                    .replaceFirst("^SESSION=([^;]+).*$", "$1");
            System.out.println("[store-cost] the bare app's session: " + usage(redis, "pkce-filter-example:sessions:"
                    + new String(Base64.getDecoder().decode(bareCookie), StandardCharsets.US_ASCII)) + " bytes (MEMORY USAGE)");
            List<Double> ratios = new ArrayList<>();
            List<Double> memoryRatios = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                // Each round in another order, so that warming up and background work do not favour one app.
                Map<String, Double> rates = new TreeMap<>();
                List<String> order = List.of("bare", "filter", "memory");
                for (int i = 0; i < order.size(); i++) {
                    String which = order.get((i + round) % order.size());
                    rates.put(which, which.equals("bare") ? rate(bare, bareCookie)
                            : rate(which.equals("filter") ? filtered : memoryStore, cookie));
                }
                ratios.add(rates.get("filter") / rates.get("bare"));
                memoryRatios.add(rates.get("memory") / rates.get("bare"));
                System.out.printf("[store-cost] round %d: bare %.0f req/s, filter %.0f req/s (ratio %.3f), filter with the"
                        + " store in the node's memory %.0f req/s (ratio %.3f)%n", round + 1, rates.get("bare"),
                        rates.get("filter"), rates.get("filter") / rates.get("bare"), rates.get("memory"),
                        rates.get("memory") / rates.get("bare"));
            }
            ratios.sort(Double::compare);
            memoryRatios.sort(Double::compare);
            System.out.printf("[store-cost] median ratio over %d rounds of %d s, %d clients: %.3f; with the store in the"
                    + " node's memory: %.3f%n", ROUNDS, SECONDS, CLIENTS, ratios.get(ratios.size() / 2),
                    memoryRatios.get(memoryRatios.size() / 2));
        }
    }

    /** Page views per second by {@link #CLIENTS} clients, each sending the next request when the last answered. */
    private static double rate(String app, String cookie) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(app + "/")).header("Cookie", "SESSION=" + cookie).build();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<Long>> counts = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                counts.add(pool.submit(() -> {
                    long count = 0;
                    while (running.get()) {
                        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 200 || !response.body().contains("alice")) {
                            throw new IllegalStateException("unexpected answer " + response.statusCode() + ": " + response.body());
                        }
                        count++;
                    }
                    return count;
                }));
            }
            long start = System.nanoTime();
            Thread.sleep(SECONDS * 1000L);
            running.set(false);
            long total = 0;
            for (Future<Long> count : counts) {
                total += count.get();
            }
            return total / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The Redis key of a browser's session: Spring Session's cookie holds the session id in base64. */
    private static String sessionOf(ScriptedBrowser browser) {
        String cookie = browser.cookie("127.0.0.1", "SESSION").orElseThrow();
        return "pkce-filter-example:sessions:" + new String(Base64.getDecoder().decode(cookie), StandardCharsets.US_ASCII);
    }

    private static long usage(RedisServer redis, String key) {
        return Long.parseLong(redis.cli("MEMORY", "USAGE", key, "SAMPLES", "0").get(0).trim());
    }

    /** Each field of the session's hash and its value's length in bytes (the values themselves are not shown). */
    private static Map<String, Long> fields(RedisServer redis, String key) {
        Map<String, Long> lengths = new TreeMap<>();
        for (String field : redis.cli("HKEYS", key)) {
            lengths.put(field, Long.parseLong(redis.cli("HSTRLEN", key, field).get(0).trim()));
        }
        return lengths;
    }

    private static void report(String what, long bytes, Map<String, Long> fields) {
        System.out.println("[store-cost] " + what + ": " + bytes + " bytes (MEMORY USAGE); fields: " + fields);
    }

    /**
     * The example without the filter: the same greeting, Spring Session in Redis, and Spring Security letting every
     * request in; a request reads the user from its session, so both do Spring Session's per-request work.
     */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class BareApplication {

        @Bean
        SecurityFilterChain openToAll(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll()).build();
        }

        @Bean
        BareGreeting bareGreeting() {
            return new BareGreeting();
        }
    }

    /** The filter's cluster store in the node's memory, for the node that measures the shared store's cost. */
    @Configuration(proxyBeanMethods = false)
    static class MemoryStoreConfiguration {
        @Bean
        @Primary
        ClusterStore memoryStore() {
            Map<String, String> entries = new ConcurrentHashMap<>();
            return new ClusterStore() {
                @Override
                public boolean putIfAbsent(String key, String value, Duration ttl) {
                    return entries.putIfAbsent(key, value) == null;
                }

                @Override
                public void put(String key, String value, Duration ttl) {
                    entries.put(key, value);
                }

                @Override
                public List<String> get(List<String> keys) {
                    List<String> values = new ArrayList<>(keys.size());
                    for (String key : keys) {
                        values.add(entries.get(key));
                    }
                    return values;
                }
            };
        }
    }

    @RestController
    static class BareGreeting {
        @GetMapping(path = "/bare-sign-in", produces = "text/plain")
        String signIn(HttpServletRequest request) {
            request.getSession().setAttribute("app.user", "alice");
            return "signed in\n";
        }

        @GetMapping(path = "/", produces = "text/plain")
        String greet(HttpServletRequest request) {
            // What the example's page does with the filter: find the session, read the user, greet.
            HttpSession session = request.getSession(false);
            Object user = session == null ? null : session.getAttribute("app.user");
            return "Signed in as " + user + "; Spring Security: " + user + "\n";
        }
    }
}
