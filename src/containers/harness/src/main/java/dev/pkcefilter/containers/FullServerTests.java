package dev.pkcefilter.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkcefilter.testbed.ScriptedBrowser;
import dev.pkcefilter.testbed.Shutdown;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every full server must pass with the unchanged example WAR of its namespace, written once for WildFly and
 * Payara: the provider in its own JVM, the server from its distribution with the WAR and, beside it, the same WAR
 * whose settings lack the issuer, which the server must refuse when that web app starts. A subclass says how its
 * server starts ({@link #start}) and adds what only that server has.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class FullServerTests {

    /** Where the WAR without an issuer is deployed: its deployment must fail, naming the setting. */
    protected static final String REFUSED_CONTEXT_PATH = "/pkce-filter-without-issuer";

    protected ProviderProcess provider;
    protected FullServer server;
    /** The example WAR's root on the server's HTTP listener. */
    protected String appUrl;

    /**
     * @param wars the WARs to deploy at boot, by context path (servers take it from the file name)
     * @param work a directory of the test's own for the server's files and logs
     * @param systemProperties what the deployments' settings read, as {@code -D} options of the server's JVM
     * @return the server, started, its deployments done (deployed or failed)
     * @throws IllegalStateException when it does not start; the message has the log's tail
     */
    protected abstract FullServer start(Map<String, Path> wars, Path work, Map<String, String> systemProperties);

    @BeforeAll
    void startProviderAndServer(@TempDir Path work) {
        provider = ProviderProcess.start();
        Map<String, Path> wars = new LinkedHashMap<>();
        wars.put(ProviderProcess.CONTEXT_PATH, ExampleWebapp.war());
        wars.put(REFUSED_CONTEXT_PATH, ExampleWebapp.warWithout("issuer", work.resolve("wars")));
        server = start(wars, work, Map.of("oidc.issuer", provider.issuer(), "oidc.client-id", ProviderProcess.CLIENT_ID,
                "oidc.client-secret", ProviderProcess.CLIENT_SECRET));
        appUrl = "http://127.0.0.1:" + server.httpPort() + ProviderProcess.CONTEXT_PATH;
    }

    @AfterAll
    void stop() {
        Shutdown.closeAll(server, provider);
    }

    @Test
    void serverWhenStartedThenIsThePinnedVersionWithTheWarDeployed() {
        String log = server.log();
        String version = System.getProperty("expected.container.version");
        assertTrue(server.runs(version), "expected " + version + " running; the log:\n" + ServerFiles.tail(log));
        assertTrue(server.deployed(ProviderProcess.CONTEXT_PATH), "the deployment failed; the log:\n" + ServerFiles.tail(log));
        assertFalse(server.deploymentFailed(ProviderProcess.CONTEXT_PATH), "the log:\n" + ServerFiles.tail(log));
    }

    /**
     * Servers that create a filter only at its first request would report success and give the first user a 500;
     * the filter's container initializer checks the settings when the web app starts, so the deployment fails
     * with the filter's message, and nothing answers at that path.
     */
    @Test
    void deploymentWhenItsSettingsLackTheIssuerThenRefusedWhenTheWebAppStarts() {
        String log = server.log();
        assertTrue(server.deploymentFailed(REFUSED_CONTEXT_PATH), "the log:\n" + ServerFiles.tail(log));
        assertTrue(log.contains("SettingsException") && log.contains("issuer: expected"),
                "the filter's message, naming the setting; the log:\n" + ServerFiles.tail(log));
        ScriptedBrowser.Response page = new ScriptedBrowser().get("http://127.0.0.1:" + server.httpPort()
                + REFUSED_CONTEXT_PATH + "/");
        assertEquals(404, page.status(), "not deployed: " + page.body());
    }

    @Test
    void loginWhenExampleWarDeployedThenSignedInUserShownAndLogoutEndsBothSessions() {
        ExampleWebapp.assertFullLogin(appUrl, provider.issuer());
    }

    @Test
    void stepUpWhenItsPathIsSpelledOtherwiseOrAmbiguouslyThenAskedForOrRefused() {
        ExampleWebapp.assertStepUpPathsCannotBeReachedAround(appUrl, provider.issuer());
    }

    /** Over the server's own https listener the session cookie is {@code Secure}. */
    @Test
    void loginWhenServedOverTlsThenTheSessionCookieIsSecure() {
        ExampleWebapp.assertLoginOverTls("https://127.0.0.1:" + server.httpsPort() + ProviderProcess.CONTEXT_PATH,
                provider.issuer());
    }
}
