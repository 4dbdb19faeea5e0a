package dev.pkcefilter.testbed;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.json.Json;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * Starts Debian's chromium, headless, through Debian's chromedriver, for browser tests.
 *
 * <p>Both paths are given to Selenium explicitly, so Selenium Manager never looks for (or downloads) a browser
 * or a driver. The profile is fresh, and the browser is kept from talking to anything but the test's servers.
 */
public final class HeadlessChromium {

    /**
     * Selenium warns when it has no DevTools binding for this chromium's version; the tests use chromedriver's
     * own CDP command, which needs none. Held in a field because java.util.logging forgets the level of a
     * logger nobody references.
     */
    private static final Logger CDP_VERSION_FINDER = quiet("org.openqa.selenium.devtools.CdpVersionFinder");

    private static final Json JSON = new Json();

    private HeadlessChromium() {
    }

    /**
     * @param profile an empty directory for the browser profile
     * @return the driver of a started browser; the caller quits it
     * @throws IllegalStateException when chromium or chromedriver is not installed
     */
    public static ChromeDriver start(Path profile) {
        // Missing browsers fail the build rather than skip the tests: ./test installs both.
        Path chromium = RequiredTool.CHROMIUM.require();
        Path chromedriver = RequiredTool.CHROMEDRIVER.require();
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments(
                "--headless=new",
                // Root in a container has no user namespace sandbox to offer.
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                // The proxy's certificate is self-signed; the HTTP-level tests check it, not this one.
                "--ignore-certificate-errors",
                "--user-data-dir=" + profile);
        // No password manager: its save and leak-check prompts have nothing to do with the login under test.
        options.setExperimentalOption("prefs", Map.of(
                "credentials_enable_service", false,
                "profile.password_manager_enabled", false,
                "profile.password_manager_leak_detection", false));
        // The performance log lists every request the browser sends, redirects included, which WebDriver
        // itself never shows: tests read the authorization requests from it.
        options.setCapability("goog:loggingPrefs", Map.of(LogType.PERFORMANCE, "ALL"));
        return new ChromeDriver(service, options);
    }

    /** One request the browser sent, as its performance log names it. */
    public record SentRequest(String method, String url) {
    }

    /**
     * Reads chromium's performance log, which lists redirects and form posts that WebDriver never shows. Reading
     * empties the log: call it once before the steps whose requests a test wants.
     *
     * @param driver a browser from {@link #start}
     * @return the requests sent since the last call, oldest first
     */
    public static List<SentRequest> requestsSent(ChromeDriver driver) {
        List<SentRequest> requests = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
            Map<?, ?> message = (Map<?, ?>) ((Map<?, ?>) JSON.toType(entry.getMessage(), Map.class)).get("message");
            if ("Network.requestWillBeSent".equals(message.get("method"))) {
                Map<?, ?> request = (Map<?, ?>) ((Map<?, ?>) message.get("params")).get("request");
                requests.add(new SentRequest((String) request.get("method"), (String) request.get("url")));
            }
        }
        return requests;
    }

    private static Logger quiet(String name) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.SEVERE);
        return logger;
    }
}
