package dev.pkcefilter.containers.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pkcefilter.containers.ExampleWebapp;
import dev.pkcefilter.containers.ProviderProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.util.ServerInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example WAR in an embedded Tomcat, signing in at the provider in its own JVM. One source for every
 * Tomcat module ({@code src/containers/tomcat9}, {@code tomcat10}, {@code tomcat11}), compiled against each
 * one's Tomcat: the module decides the version (system property {@code expected.container.version}) and which WAR
 * (javax or jakarta) it deploys.
 */
class TomcatIT {

    /**
     * Tomcat logs through java.util.logging; its start-up chatter is noise here, the filter's own lines are not.
     * Held in a field because java.util.logging forgets the level of a logger nobody references.
     */
    private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");

    private static ProviderProcess provider;
    private static Tomcat tomcat;
    private static String appUrl;

    @BeforeAll
    static void startProviderAndTomcat(@TempDir Path baseDir) throws LifecycleException, IOException {
        TOMCAT_LOG.setLevel(Level.WARNING);
        provider = ProviderProcess.start();
        ExampleWebapp.signInAt(provider);

        tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setPort(0);
        Connector connector = tomcat.getConnector();
        connector.setProperty("address", "127.0.0.1");
        // The host's appBase is where Tomcat unpacks the WAR.
        Files.createDirectories(baseDir.resolve("webapps"));
        // JSP-free: without Tomcat's default web.xml there is no JSP servlet to miss Jasper.
        tomcat.setAddDefaultWebXmlToWebapp(false);
        Context webapp = tomcat.addWebapp(ProviderProcess.CONTEXT_PATH, ExampleWebapp.war().toAbsolutePath().toString());
        tomcat.start();
        // Tomcat starts without a web app that failed (bad settings, an unreachable provider): say so here,
        // not as a 404 in the login.
        if (webapp.getState() != LifecycleState.STARTED) {
            throw new IllegalStateException("the example WAR did not start (" + webapp.getState() + "); see the log");
        }
        appUrl = "http://127.0.0.1:" + connector.getLocalPort() + ProviderProcess.CONTEXT_PATH;
    }

    @AfterAll
    static void stop() throws LifecycleException {
        try {
            if (tomcat != null) {
                tomcat.stop();
                tomcat.destroy();
            }
        } finally {
            if (provider != null) {
                provider.close();
            }
        }
    }

    @Test
    void serverWhenStartedThenIsThePinnedTomcat() {
        assertEquals(System.getProperty("expected.container.version"), ServerInfo.getServerNumber().replaceFirst("\\.0$", ""));
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
