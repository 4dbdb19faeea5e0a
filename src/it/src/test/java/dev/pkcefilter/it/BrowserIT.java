package dev.pkcefilter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkcefilter.FilterSettings;
import dev.pkcefilter.jakarta.PkceFilter;
import dev.pkcefilter.testbed.EmbeddedProvider;
import dev.pkcefilter.testbed.HeadlessChromium;
import dev.pkcefilter.testbed.LeakCheck;
import dev.pkcefilter.testbed.NginxProxy;
import dev.pkcefilter.testbed.ProtectedApp;
import dev.pkcefilter.testbed.RequiredTool;
import dev.pkcefilter.testbed.ScriptedBrowser;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.json.Json;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Logins in a real browser (headless chromium) through the TLS proxy, with the provider's real login form:
 * a deep link, two tabs logging in at once, and a session cookie lost on the way. One browser serves the
 * whole class; each test starts with one blank tab and no cookies. Every test ends with the leak check over
 * the log and the pages the browser showed.
 */
@Tag(RequiredTool.TAG)
class BrowserIT {

    private static final String USER = "alice";
    private static final String PASSWORD = "wonderland";
    private static final String CLIENT_ID = "it-browser";
    private static final String CLIENT_SECRET = "it-browser-secret-value";
    private static final Duration PATIENCE = Duration.ofSeconds(15);
    private static final Json JSON = new Json();

    @TempDir
    static Path workDirectory;

    private static ChromiumBehindNginx servers;
    private static EmbeddedProvider provider;
    private static ProtectedApp app;
    private static NginxProxy nginx;
    private static ChromeDriver driver;

    private final List<ScriptedBrowser.Response> pagesShown = new ArrayList<>();
    private LeakCheck leakCheck;

    @BeforeAll
    static void startServersAndBrowser() throws Exception {
        servers = ChromiumBehindNginx.start(workDirectory, USER, PASSWORD, CLIENT_ID, CLIENT_SECRET,
                settings -> settings);
        provider = servers.provider;
        app = servers.app;
        nginx = servers.nginx;
        driver = servers.driver;
    }

    @AfterAll
    static void stop() {
        if (servers != null) {
            servers.close();
        }
    }

    @BeforeEach
    void oneBlankTabWithoutCookies() {
        String first = driver.getWindowHandles().iterator().next();
        for (String handle : driver.getWindowHandles()) {
            if (!handle.equals(first)) {
                driver.switchTo().window(handle).close();
            }
        }
        driver.switchTo().window(first).get("about:blank");
        // Both origins' cookies, the provider's sign-in included, so every test meets the login form.
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        authorizeRequestsSent();
        leakCheck = new LeakCheck();
    }

    @AfterEach
    void nothingLeaked() {
        try {
            leakCheck.assertNothingLeaked(provider.issuedSecrets(), pagesShown);
        } finally {
            leakCheck.close();
        }
    }

    private static String app(String pathAndQuery) {
        return nginx.appUri() + pathAndQuery;
    }

    /** A wait whose timeout message shows where the browser was and what it showed. */
    private static WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(driver, PATIENCE);
        wait.withMessage(() -> "the browser is at " + driver.getCurrentUrl() + " showing:\n"
                + driver.findElement(By.tagName("body")).getText());
        return wait;
    }

    private static void awaitLoginForm() {
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.name("password")));
        assertTrue(driver.getCurrentUrl().startsWith(provider.issuer() + "/login"), driver.getCurrentUrl());
    }

    private static void submitLoginForm() {
        driver.findElement(By.name("username")).sendKeys(USER);
        driver.findElement(By.name("password")).sendKeys(PASSWORD);
        driver.findElement(By.cssSelector("button[type=submit]")).click();
    }

    /** Waits for the app's page at this URL and checks that it greets the user. */
    private void awaitSignedInPage(String url) {
        waiting().until(ExpectedConditions.urlToBe(url));
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.tagName("h1")));
        String page = remember();
        assertTrue(page.contains("Hello, " + USER), page);
    }

    /**
     * Keeps the page shown for the leak check; a real browser shows neither status nor headers, so the URL
     * goes in as a header.
     *
     * @return the page's source
     */
    private String remember() {
        String url = driver.getCurrentUrl();
        String source = driver.getPageSource();
        // The callback's own URL carries the provider's code and state: those are the provider's doing.
        Map<String, List<String>> shownUrl = URI.create(url).getPath().endsWith("/oauth2/callback") ? Map.of()
                : Map.of("Browser-URL", List.of(url));
        pagesShown.add(new ScriptedBrowser.Response(0, shownUrl, source, URI.create(url)));
        return source;
    }

    /**
     * Reads them from chromium's performance log, since WebDriver never shows the redirects in between.
     *
     * @return the authorization requests the browser sent since the last call, oldest first, as the app
     *     redirected to them (the provider's own {@code continue} replays left out)
     */
    private static List<String> authorizeRequestsSent() {
        String authorizeEndpoint = provider.issuer() + "/oauth2/authorize?";
        return HeadlessChromium.requestsSent(driver).stream().map(HeadlessChromium.SentRequest::url)
                .filter(url -> url.startsWith(authorizeEndpoint) && !url.contains("&continue")).toList();
    }

    private static String onlyAuthorizeRequestSent() {
        List<String> sent = authorizeRequestsSent();
        assertEquals(1, sent.size(), "authorization requests: " + sent.size());
        return sent.get(0);
    }

    @Test
    void loginWhenDeepLinkThenSignedInOnThatPage() {
        driver.get(app("/deep/link?q=1"));
        awaitLoginForm();
        submitLoginForm();

        awaitSignedInPage(app("/deep/link?q=1"));
    }

    @Test
    void loginWhenTwoTabsThenBothEndSignedInOnTheirPages() {
        String tabOne = driver.getWindowHandle();
        driver.get(app("/tab-one"));
        awaitLoginForm();
        String tabOneAuthorize = onlyAuthorizeRequestSent();

        driver.switchTo().newWindow(WindowType.TAB).get(app("/tab-two"));
        awaitLoginForm();
        String tabTwoAuthorize = onlyAuthorizeRequestSent();
        assertNotEquals(ScriptedBrowser.queryParameters(tabOneAuthorize).get("state"),
                ScriptedBrowser.queryParameters(tabTwoAuthorize).get("state"), "one pending login per tab");
        submitLoginForm();
        awaitSignedInPage(app("/tab-two"));

        // Spring Authorization Server keeps one saved request and one CSRF token per browser session, so after
        // tab two's sign-in tab one's form only earns a 403. A provider that keeps a login per tab would now
        // carry on with tab one's own authorization request; so does this test, in tab one. Its callback
        // comes after tab two's has already rotated the session id.
        driver.switchTo().window(tabOne).get(tabOneAuthorize);
        awaitSignedInPage(app("/tab-one"));
    }

    @Test
    void callbackWhenSessionCookieDeletedThenThePageNamesTheMissingCookie() {
        driver.get(app("/x"));
        awaitLoginForm();
        driver.executeCdpCommand("Network.deleteCookies", Map.of("name", "JSESSIONID", "url", app("/")));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> left = (List<Map<String, Object>>) driver.executeCdpCommand("Network.getCookies",
                Map.of("urls", List.of(app("/")))).get("cookies");
        assertTrue(left.stream().noneMatch(cookie -> "JSESSIONID".equals(cookie.get("name"))), left.toString());

        submitLoginForm();

        // The failure page is shown at the callback's URL.
        waiting().until(ExpectedConditions.urlContains(app("/oauth2/callback?")));
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.tagName("code")));
        String page = remember();
        assertTrue(page.contains("Reason: <code>STATE_NO_SESSION</code>"), page);
        assertTrue(page.contains("No session cookie arrived with the callback"), page);
        assertTrue(leakCheck.logged().stream().anyMatch(line -> line.contains("reason=STATE_NO_SESSION")),
                leakCheck.logged().toString());
    }

    @Test
    void failurePageWhenChromiumAsksForItsFaviconThenNoSecondLoginAndOneTokenCall() {
        String clientId = "it-browser-refused";
        try (ProtectedApp refused = ProtectedApp.start(0, new PkceFilter(FilterSettings.builder().issuer(provider.issuer())
                .clientId(clientId).clientSecret("not-the-registered-secret").build()))) {
            String callback = refused.baseUri() + "/oauth2/callback";
            provider.registerClient(clientId, "the-registered-secret-value", "client_secret_basic", callback);
            driver.get(refused.baseUri() + "/");
            awaitLoginForm();
            submitLoginForm();
            waiting().until(ExpectedConditions.urlContains(callback + "?"));
            waiting().until(ExpectedConditions.presenceOfElementLocated(By.tagName("code")));
            String page = remember();
            assertTrue(page.contains("Reason: <code>TOKEN_EXCHANGE_FAILED</code>"), page);

            // Chromium asks for the page's favicon once the page has loaded; wait until it has its answer.
            String favicon = refused.baseUri() + "/favicon.ico";
            Map<String, Integer> answered = new java.util.HashMap<>();
            waiting().withMessage(() -> "chromium never got an answer for " + favicon)
                    .until(browser -> statusOf(favicon, answered) != null);
            assertEquals(401, answered.get(favicon), "the favicon request must not start a login");
            long tokenCalls = provider.tokenRequests().stream()
                    .filter(request -> request.parameter("redirect_uri").equals(java.util.Optional.of(callback))).count();
            assertEquals(1, tokenCalls, "token calls for the one login the user started");
            assertEquals(1, leakCheck.logged().stream().filter(line -> line.contains("login failed")).count(),
                    leakCheck.logged().toString());
        }
    }

    /**
     * Reads chromium's performance log for the answer to a request; entries are consumed as they are read, so
     * answers seen earlier are kept in {@code answered}.
     *
     * @return the status of the answer to {@code url}, or null when none has come yet
     */
    private static Integer statusOf(String url, Map<String, Integer> answered) {
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
            Map<String, Object> message = map(map(JSON.toType(entry.getMessage(), Map.class)).get("message"));
            // A redirect's answer comes with the request that follows it; any other answer on its own.
            Object response = "Network.responseReceived".equals(message.get("method")) ? map(message.get("params")).get("response")
                    : "Network.requestWillBeSent".equals(message.get("method")) ? map(message.get("params")).get("redirectResponse")
                    : null;
            if (response != null) {
                answered.put((String) map(response).get("url"), ((Number) map(response).get("status")).intValue());
            }
        }
        return answered.get(url);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object jsonObject) {
        return (Map<String, Object>) jsonObject;
    }
}
