package dev.pkcefilter.testbed;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The embedded provider set up for the example WAR ({@code examples/webapp}): the client its settings name, its
 * redirect URIs over http and https on any port of 127.0.0.1 (and the Spring Boot example's, at the root), the
 * post-logout addresses beside them, and a user with the role {@code staff}. The demo's
 * {@code --provider-only} runs it for people trying the WAR by hand; the container tests run it from this
 * module's executable jar ({@code pkce-filter-testbed-<version>-provider.jar}, {@code --port N}), in a JVM of
 * its own, since their servlet containers cannot share a classpath with the provider's Tomcat.
 */
public final class ExampleWarProvider {

    /** The client the WAR's settings name ({@code client_secret_basic}). */
    public static final String CLIENT_ID = "demo-client";
    /** {@link #CLIENT_ID}'s secret. */
    public static final String CLIENT_SECRET = "demo-secret";
    /** The one user who can sign in; the ID token gives them the role {@code staff} in the claim {@code roles}. */
    public static final String USER = "alice";
    /** {@link #USER}'s password. */
    public static final String PASSWORD = "wonderland";
    /** Where the WAR is deployed: its file name, for the containers' deployers. */
    public static final String CONTEXT_PATH = "/pkce-filter-webapp";
    /** The line that announces the issuer, printed last: whoever waits for it can start a login at once. */
    public static final String ISSUER_LINE = "Issuer:   ";

    private static final String AUTH_METHOD = "client_secret_basic";
    private static final String CALLBACK_PATH = "/oauth2/callback";
    // The provider ignores the port of a loopback redirect URI (RFC 8252 §7.3): one registration fits the WAR
    // on whatever port its container listens on.
    private static final String REDIRECT_URI = "http://127.0.0.1" + CONTEXT_PATH + CALLBACK_PATH;
    private static final String TLS_REDIRECT_URI = "https://127.0.0.1" + CONTEXT_PATH + CALLBACK_PATH;
    /** The Spring Boot example's, at the root of its server ({@code examples/spring-boot}, docs/spring-boot.md). */
    private static final String ROOT_REDIRECT_URI = "http://127.0.0.1" + CALLBACK_PATH;

    private ExampleWarProvider() {
    }

    /**
     * @param port the port to listen on, 0 for any free one
     * @param out where to announce the client, the user and (last) the issuer
     * @return what stops the provider
     */
    public static Runnable start(int port, PrintStream out) {
        // The example WAR reads roles from this claim (its JAX-RS resource admits staff only).
        EmbeddedProvider provider = EmbeddedProvider.builder().port(port).user(USER, PASSWORD)
                .idTokenClaim("roles", List.of("staff")).start();
        provider.registerClient(CLIENT_ID, CLIENT_SECRET, AUTH_METHOD, REDIRECT_URI);
        provider.addRedirectUri(CLIENT_ID, TLS_REDIRECT_URI);
        provider.addRedirectUri(CLIENT_ID, ROOT_REDIRECT_URI);
        out.println("Client:   " + CLIENT_ID + " / " + CLIENT_SECRET + " (" + AUTH_METHOD + ")");
        out.println("Redirect: " + REDIRECT_URI + ", " + TLS_REDIRECT_URI + " or " + ROOT_REDIRECT_URI
                + " (any port; each with its /oauth2/logged-out for logout)");
        out.println("Sign in as " + USER + " / " + PASSWORD);
        out.println(ISSUER_LINE + provider.issuer());
        out.flush();
        return provider::close;
    }

    /**
     * @param args {@code [--port N]}, 0 (any free port) by default
     * @throws InterruptedException when interrupted while running
     */
    public static void main(String[] args) throws InterruptedException {
        boolean portGiven = args.length == 2 && args[0].equals("--port") && args[1].matches("\\d{1,5}");
        if (args.length != 0 && !portGiven) {
            System.err.println("usage: java -jar pkce-filter-testbed-<version>-provider.jar [--port N]");
            System.exit(2);
            return;
        }
        int port = portGiven ? Integer.parseInt(args[1]) : 0;
        Runtime.getRuntime().addShutdownHook(new Thread(start(port, System.out), "example-war-provider-stop"));
        new CountDownLatch(1).await();
    }
}
