package dev.pkcefilter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkcefilter.testbed.EmbeddedProvider;
import dev.pkcefilter.testbed.HeadlessChromium;
import dev.pkcefilter.testbed.NginxProxy;
import dev.pkcefilter.testbed.ProtectedApp;
import dev.pkcefilter.testbed.RequiredTool;
import dev.pkcefilter.testbed.ScriptedBrowser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * response_mode=form_post as browsers meet it: the app on {@code https://127.0.0.1} behind nginx, the provider on
 * {@code http://localhost}, another site, whose page POSTs the code to the app. The app's {@code SameSite=Lax}
 * session cookie does not come with that cross-site POST; the binding cookie does, and the filter's relay brings
 * the session cookie along. Real Chromium shows the login works; a scripted browser then replays the POST and
 * sends it without the binding cookie.
 */
@Tag(RequiredTool.TAG)
class FormPostIT {

    private static final String USER = "alice";
    private static final String PASSWORD = "wonderland";
    private static final String CLIENT_ID = "it-form-post";
    private static final String CLIENT_SECRET = "it-form-post-secret-value";
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    @TempDir
    static Path workDirectory;

    private static ChromiumBehindNginx servers;
    private static EmbeddedProvider provider;
    private static ProtectedApp app;
    private static NginxProxy nginx;
    private static ChromeDriver driver;

    /** Over the log, and the app's pages as the scripted browsers got them (Chromium's pages are checked for codes in URLs). */
    @RegisterExtension
    final LeakWatch leaks = new LeakWatch(() -> provider.issuedSecrets(), () -> new ScriptedBrowser(nginx.trustingSslContext()));

    @BeforeAll
    static void startServersAndBrowser() throws Exception {
        servers = ChromiumBehindNginx.start(workDirectory, USER, PASSWORD, CLIENT_ID, CLIENT_SECRET,
                settings -> settings.responseMode("auto"));
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

    private ScriptedBrowser newBrowser() {
        return leaks.newBrowser();
    }

    @Test
    void loginWhenTheProviderPostsTheCodeFromAnotherSiteThenChromiumEndsSignedInAndTheCodeWasInNoUrl() {
        HeadlessChromium.requestsSent(driver);
        driver.get(nginx.appUri() + "/reports?year=2026");
        WebDriverWait wait = new WebDriverWait(driver, PATIENCE);
        wait.withMessage(() -> "the browser is at " + driver.getCurrentUrl() + " showing:\n"
                + driver.findElement(By.tagName("body")).getText());
        wait.until(ExpectedConditions.presenceOfElementLocated(By.name("password")));
        driver.findElement(By.name("username")).sendKeys(USER);
        driver.findElement(By.name("password")).sendKeys(PASSWORD);
        driver.findElement(By.cssSelector("button[type=submit]")).click();

        wait.until(ExpectedConditions.urlToBe(nginx.appUri() + "/reports?year=2026"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.tagName("h1")));
        assertTrue(driver.getPageSource().contains("Hello, " + USER), driver.getPageSource());

        List<HeadlessChromium.SentRequest> requests = HeadlessChromium.requestsSent(driver);
        String authorize = requests.stream().map(HeadlessChromium.SentRequest::url)
                .filter(url -> url.startsWith(provider.issuer() + "/oauth2/authorize?") && !url.contains("&continue"))
                .findFirst().orElseThrow();
        assertEquals("form_post", ScriptedBrowser.queryParameters(authorize).get("response_mode"),
                "auto: the embedded provider lists form_post");
        List<String> callbacks = requests.stream()
                .filter(request -> request.url().startsWith(nginx.appUri() + "/oauth2/callback"))
                .map(HeadlessChromium.SentRequest::method).toList();
        assertEquals(List.of("POST", "POST"), callbacks,
                "the provider's cross-site POST, then the relay's own, which carries the session cookie");
        for (HeadlessChromium.SentRequest request : requests) {
            String url = request.url();
            assertFalse(url.startsWith(nginx.appUri().toString()) && url.contains("code="), "a code in a URL: " + url);
        }
        assertTrue(leaks.logged().stream().noneMatch(line -> line.contains("login failed")), leaks.logged().toString());
    }

    @Test
    void callbackWhenTheSamePostIsReplayedOrSentWithoutTheBindingCookieThenRefused() {
        ScriptedBrowser browser = newBrowser();
        ScriptedBrowser.AutoPostedForm posted = browser.signInAtProviderForFormPost(
                browser.get(nginx.appUri() + "/orders"), USER, PASSWORD);
        assertEquals(nginx.appUri() + "/oauth2/callback", posted.action());
        // This browser sends the session cookie with the POST (it knows no SameSite), so no relay is needed.
        ScriptedBrowser.Response signedIn = browser.postForm(posted.action(), posted.fields());
        assertEquals(302, signedIn.status(), signedIn.body());
        assertEquals(nginx.appUri() + "/orders", signedIn.location());

        ScriptedBrowser.Response replayed = browser.postForm(posted.action(), posted.fields());
        assertEquals(400, replayed.status(), replayed.body());
        assertTrue(replayed.body().contains("FORM_POST_UNBOUND"), "the binding cookie was spent: " + replayed.body());

        ScriptedBrowser other = newBrowser();
        ScriptedBrowser.AutoPostedForm second = other.signInAtProviderForFormPost(
                other.get(nginx.appUri() + "/orders"), USER, PASSWORD);
        other.deleteCookie("pkcefilter-fp-" + second.fields().get("state").substring(0, 16));
        int tokenCalls = provider.tokenRequests().size();
        ScriptedBrowser.Response unbound = other.postForm(second.action(), second.fields());
        assertEquals(400, unbound.status(), unbound.body());
        assertTrue(unbound.body().contains("FORM_POST_UNBOUND"), unbound.body());
        assertEquals(tokenCalls, provider.tokenRequests().size(), "refused before the token call");
        assertEquals(401, other.get(nginx.appUri() + "/me", Map.of("Accept", "application/json")).status(), "not signed in");
    }
}
