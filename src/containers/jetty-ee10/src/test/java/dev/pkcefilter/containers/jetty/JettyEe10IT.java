package dev.pkcefilter.containers.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pkcefilter.containers.ExampleWebapp;
import dev.pkcefilter.containers.ProviderProcess;
import java.nio.file.Path;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Jetty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jakarta example WAR in an embedded Jetty 12 ee10 (jakarta), signing in at the provider in its own JVM. */
class JettyEe10IT {

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
        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath(ProviderProcess.CONTEXT_PATH);
        webapp.setWar(ExampleWebapp.war().toAbsolutePath().toString());
        webapp.setTempDirectory(tempDir.toFile());
        // Jetty would otherwise start without a web app whose filter failed (bad settings): fail here instead.
        webapp.setThrowUnavailableOnStartupException(true);
        server.setHandler(webapp);
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
    void loginWhenExampleWarDeployedThenSignedInUserShownAndLogoutEndsIt() {
        ExampleWebapp.assertFullLogin(appUrl, provider.issuer());
    }
}
