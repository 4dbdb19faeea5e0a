package dev.pkcefilter.containers.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pkcefilter.containers.ExampleWebapp;
import dev.pkcefilter.containers.ProviderProcess;
import java.nio.file.Path;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Jetty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example WAR of the module's namespace in an embedded Jetty 12 (ee8: javax, ee10: jakarta), signing in at the
 * provider in its own JVM. One source for both modules (added by the containers' parent pom); each module's
 * {@code JettyWebapp} makes the environment's web app context.
 */
class JettyIT {

    private static ProviderProcess provider;
    private static Server server;
    private static String appUrl;

    @BeforeAll
    static void startProviderAndJetty(@TempDir Path tempDir) throws Exception {
        provider = ProviderProcess.start();
        ExampleWebapp.signInAt(provider);

        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(JettyWebapp.of(ExampleWebapp.war(), ProviderProcess.CONTEXT_PATH, tempDir));
        server.start();
        appUrl = "http://127.0.0.1:" + connector.getLocalPort() + ProviderProcess.CONTEXT_PATH;
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (server != null) {
                server.stop();
            }
        } finally {
            if (provider != null) {
                provider.close();
            }
        }
    }

    @Test
    void serverWhenStartedThenIsThePinnedJetty() {
        assertEquals(System.getProperty("expected.container.version"), Jetty.VERSION);
    }

    @Test
    void stepUpWhenItsPathIsSpelledOtherwiseOrAmbiguouslyThenAskedForOrRefused() {
        ExampleWebapp.assertStepUpPathsCannotBeReachedAround(appUrl, provider.issuer());
    }

    @Test
    void loginWhenExampleWarDeployedThenSignedInUserShownAndLogoutEndsIt() {
        ExampleWebapp.assertFullLogin(appUrl, provider.issuer());
    }
}
