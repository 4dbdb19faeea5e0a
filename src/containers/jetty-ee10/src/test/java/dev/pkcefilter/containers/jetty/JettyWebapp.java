package dev.pkcefilter.containers.jetty;

import java.nio.file.Path;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Handler;

/** The one part of the Jetty test that differs between environments: the ee10 (jakarta) web app context. */
final class JettyWebapp {

    private JettyWebapp() {
    }

    static Handler of(Path war, String contextPath, Path tempDir) {
        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath(contextPath);
        webapp.setWar(war.toAbsolutePath().toString());
        webapp.setTempDirectory(tempDir.toFile());
        // Jetty would otherwise start without a web app whose filter failed (bad settings): fail here instead.
        webapp.setThrowUnavailableOnStartupException(true);
        return webapp;
    }
}
