package dev.pkcefilter.testbed;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import java.util.EnumSet;
import java.util.Objects;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The example app the filter protects, on Jetty 12 (ee10, servlet 6), bound to 127.0.0.1.
 *
 * <p>The filter runs on {@code /*} for plain requests. {@code /me} answers with the signed-in user's claims
 * as JSON; {@code /api/token} with the SHA-256 of the user's access token (never the token), got through
 * {@code TokenAccess}, or 401 when the user must sign in again; {@code /api/role?name=X} with
 * {@code isUserInRole(X)} and the user's roles; {@code /api/call?url=X} calls X as the user through
 * {@code TokenAccess} (with a DPoP proof for a bound token) and answers its status and body; every other path, deep links included, greets the user and
 * echoes the path and query.
 * Sessions use the {@code JSESSIONID} cookie, HttpOnly.
 */
public final class ProtectedApp implements AutoCloseable {

    private final Server server;
    private final int port;

    private ProtectedApp(Server server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * Starts the app and waits until it accepts connections.
     *
     * @param port the port, or 0 for a free one
     * @param filter the filter to run in front of every request; not null
     * @return the running app
     * @throws IllegalStateException when Jetty cannot start
     */
    public static ProtectedApp start(int port, Filter filter) {
        return start(port, filter, new GreetingServlet(), true);
    }

    /**
     * Starts the app with other pages than the greeting, such as the demo's; {@code /me} and {@code /api/role}
     * stay. The test servlets that hand out the user's token ({@code /api/token}) or send it to a URL the caller
     * names ({@code /api/call}) are left out: an app someone runs must not have them.
     *
     * @param pages answers every path the app's own servlets do not; not null
     * @throws IllegalStateException when Jetty cannot start
     */
    public static ProtectedApp start(int port, Filter filter, HttpServlet pages) {
        return start(port, filter, pages, false);
    }

    private static ProtectedApp start(int port, Filter filter, HttpServlet pages, boolean tokenServlets) {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(pages, "pages");
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(context(filter, pages, tokenServlets));
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server, e);
            throw new IllegalStateException("the protected app could not start on port " + port, e);
        }
        return new ProtectedApp(server, connector.getLocalPort());
    }

    private static ServletContextHandler context(Filter filter, HttpServlet pages, boolean tokenServlets) {
        SessionHandler sessions = new SessionHandler();
        sessions.setSessionCookie("JSESSIONID");
        sessions.setHttpOnly(true);

        ServletContextHandler context = new ServletContextHandler("/");
        context.setSessionHandler(sessions);
        context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new ClaimsServlet()), "/me");
        context.addServlet(new ServletHolder(new RoleServlet()), "/api/role");
        if (tokenServlets) {
            context.addServlet(new ServletHolder(new TokenServlet()), "/api/token");
            context.addServlet(new ServletHolder(new ApiCallServlet()), "/api/call");
        }
        // "/" is the servlet default mapping: it takes every path nothing else matches.
        context.addServlet(new ServletHolder(pages), "/");
        return context;
    }

    /** @return {@code http://127.0.0.1:<port>} */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** @return the port the app listens on */
    public int port() {
        return port;
    }

    /**
     * Stops Jetty; idempotent.
     *
     * @throws IllegalStateException when Jetty fails to stop
     */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the protected app did not stop cleanly", e);
        }
    }

    private static void stopQuietly(Server server, Exception failure) {
        try {
            server.stop();
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }

    @Override
    public String toString() {
        return "ProtectedApp[" + baseUri() + "]";
    }
}
