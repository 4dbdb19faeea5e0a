package dev.pkcefilter.it;

import dev.pkcefilter.FilterSettings;
import dev.pkcefilter.jakarta.PkceFilter;
import dev.pkcefilter.testbed.EmbeddedProvider;
import dev.pkcefilter.testbed.HeadlessChromium;
import dev.pkcefilter.testbed.NginxProxy;
import dev.pkcefilter.testbed.ProtectedApp;
import dev.pkcefilter.testbed.Shutdown;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * What the browser ITs start once per class: the embedded provider, the app behind the TLS proxy (nginx, trusted
 * for its forwarding headers) with its client registered, and headless Chromium. {@link #close()} stops them all.
 */
final class ChromiumBehindNginx implements AutoCloseable {

    final EmbeddedProvider provider;
    final ProtectedApp app;
    final NginxProxy nginx;
    final ChromeDriver driver;

    private ChromiumBehindNginx(EmbeddedProvider provider, ProtectedApp app, NginxProxy nginx, ChromeDriver driver) {
        this.provider = provider;
        this.app = app;
        this.nginx = nginx;
        this.driver = driver;
    }

    /**
     * @param work a directory of the test class's own
     * @param more settings beyond the client's and the trusted proxy
     */
    static ChromiumBehindNginx start(Path work, String user, String password, String clientId, String secret,
            UnaryOperator<FilterSettings.Builder> more) throws Exception {
        EmbeddedProvider provider = EmbeddedProvider.builder().user(user, password).start();
        ProtectedApp app = null;
        NginxProxy nginx = null;
        try {
            app = ProtectedApp.start(0, new PkceFilter(more.apply(FilterSettings.builder().issuer(provider.issuer())
                    .clientId(clientId).clientSecret(secret).set("proxy.trusted", NginxProxy.PROXY_ADDRESS)).build()));
            nginx = NginxProxy.start(Files.createDirectory(work.resolve("nginx")), app.port());
            provider.registerClient(clientId, secret, "client_secret_basic", nginx.appUri() + "/oauth2/callback");
            return new ChromiumBehindNginx(provider, app, nginx,
                    HeadlessChromium.start(Files.createDirectory(work.resolve("chromium-profile"))));
        } catch (Exception | Error e) {
            Shutdown.closeAll(nginx, app, provider);
            throw e;
        }
    }

    @Override
    public void close() {
        Shutdown.closeAll(driver::quit, nginx, app, provider);
    }
}
