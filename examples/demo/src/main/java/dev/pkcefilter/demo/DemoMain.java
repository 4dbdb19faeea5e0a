package dev.pkcefilter.demo;

import dev.pkcefilter.FilterSettings;
import dev.pkcefilter.SettingsException;
import dev.pkcefilter.jakarta.PkceFilter;
import dev.pkcefilter.testbed.EmbeddedProvider;
import dev.pkcefilter.testbed.ExampleWarProvider;
import dev.pkcefilter.testbed.ProtectedApp;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the demo: a Jetty app behind {@link PkceFilter}. Without {@code --config} it also starts an
 * embedded OpenID provider and registers the app there as a client; with it, the filter's settings come
 * from the file and the app signs in at the provider they name. With {@code --provider-only} it runs the
 * embedded provider alone, set up for the example WAR ({@code examples/webapp}) deployed in any servlet
 * container ({@link ExampleWarProvider}), for trying the WAR by hand. Runs until Ctrl-C (or SIGTERM).
 *
 * <p>Exit codes: 2 for bad arguments, 1 when the settings are invalid or a server cannot start.
 */
public final class DemoMain {

    static final String CLIENT_ID = "demo-client";
    static final String CLIENT_SECRET = "demo-secret";
    static final String AUTH_METHOD = "client_secret_basic";
    static final String USER = "alice";
    static final String PASSWORD = "wonderland";
    /** The filter's default callback path, which the embedded provider must know as a redirect URI. */
    static final String CALLBACK_PATH = "/oauth2/callback";
    /** The ID token claim the embedded provider puts the demo user's roles in. */
    static final String ROLES_CLAIM = "roles";
    /** The filter's default logout path, where the demo page's log-out button posts. */
    static final String DEFAULT_LOGOUT_PATH = "/oauth2/logout";

    private DemoMain() {
    }

    /**
     * @param args {@code [--port N] [--config FILE | --provider-only]}
     * @throws InterruptedException when interrupted while waiting for Ctrl-C
     */
    public static void main(String[] args) throws InterruptedException {
        DemoOptions options;
        try {
            options = DemoOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(DemoOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(DemoOptions.USAGE);
            return;
        }
        try {
            Runnable stop = options.providerOnly() ? providerOnly(options.port(), System.out)
                    : options.config().isPresent() ? withSettingsFile(options.config().get(), options.port(), System.out)
                    : withEmbeddedProvider(options.port(), System.out);
            Runtime.getRuntime().addShutdownHook(new Thread(stop, "pkce-filter-demo-stop"));
        } catch (RuntimeException e) {
            System.err.println(failureMessage(e));
            System.exit(1);
        }
        System.out.println("Press Ctrl-C to stop.");
        new CountDownLatch(1).await();
    }

    /** Order matters: the filter needs the issuer, the redirect URI needs the app's port. */
    static Runnable withEmbeddedProvider(int port, PrintStream out) {
        EmbeddedProvider provider = EmbeddedProvider.builder().user(USER, PASSWORD)
                .idTokenClaim(ROLES_CLAIM, List.of("staff", "admin")).start();
        ProtectedApp app;
        try {
            FilterSettings settings = FilterSettings.builder()
                    .issuer(provider.issuer())
                    .clientId(CLIENT_ID)
                    .clientSecret(CLIENT_SECRET)
                    .clientAuthMethod(AUTH_METHOD)
                    .set("roles.claim", ROLES_CLAIM)
                    .build();
            // The API page calls one fixed resource of the demo's own: the embedded provider's userinfo endpoint.
            app = ProtectedApp.start(port, new PkceFilter(settings), new DemoPage(DEFAULT_LOGOUT_PATH,
                    new ApiDemo(java.net.URI.create(provider.issuer() + "/userinfo"))));
        } catch (RuntimeException e) {
            provider.close();
            throw e;
        }
        provider.registerClient(CLIENT_ID, CLIENT_SECRET, AUTH_METHOD, app.baseUri() + CALLBACK_PATH);
        out.println("App:      " + app.baseUri() + "/");
        out.println("Provider: " + provider.issuer() + " (the app is registered there with redirect URI "
                + app.baseUri() + CALLBACK_PATH + ")");
        out.println("Sign in as " + USER + " / " + PASSWORD);
        return () -> {
            app.close();
            provider.close();
        };
    }

    /** The provider alone, set up for the example WAR (its client, its redirect URIs, a user with a role). */
    static Runnable providerOnly(int port, PrintStream out) {
        return ExampleWarProvider.start(port, out);
    }

    /**
     * @throws SettingsException when the settings are invalid
     * @throws IllegalStateException when the file cannot be read or the app cannot start
     */
    static Runnable withSettingsFile(Path file, int port, PrintStream out) {
        Properties properties = read(file);
        FilterSettings settings = FilterSettings.fromProperties(properties);
        ProtectedApp app = ProtectedApp.start(port, new PkceFilter(settings),
                new DemoPage(properties.getProperty("logout.path", DEFAULT_LOGOUT_PATH)));
        out.println("App:      " + app.baseUri() + "/");
        out.println(redirectUriAdvice(properties, app.baseUri().toString()));
        return app::close;
    }

    /**
     * @return which redirect URI to register at the provider: the one the filter will send, built from
     *     {@code external.base-url} when it is set; otherwise the app's own address, and what changes behind a
     *     proxy
     */
    static String redirectUriAdvice(Properties settings, String appBase) {
        String callback = settings.getProperty("callback.path", CALLBACK_PATH);
        String external = settings.getProperty("external.base-url");
        if (external != null) {
            return "Register this redirect URI at the provider: " + external.replaceAll("/+$", "") + callback;
        }
        return "Register this redirect URI at the provider: " + appBase + callback + "\n"
                + "(Behind a reverse proxy, register the address browsers use instead, such as"
                + " https://apps.example.com/prefix" + callback + ", and set external.base-url to https://apps.example.com/prefix.)";
    }

    /** @throws IllegalStateException when the file cannot be read */
    private static Properties read(Path file) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException | IllegalArgumentException e) {
            // IllegalArgumentException: a malformed unicode escape in the file.
            throw new IllegalStateException("cannot read settings file " + file, e);
        }
        return properties;
    }

    /**
     * The filter validates its settings when Jetty starts it, so a {@link SettingsException} arrives wrapped;
     * its text, which names each bad key and never a secret, is what the user needs.
     */
    static String failureMessage(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SettingsException) {
                return cause.getMessage();
            }
        }
        return failure.getCause() == null ? failure.getMessage() : failure.getMessage() + ": " + failure.getCause();
    }
}
