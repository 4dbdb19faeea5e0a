package dev.pkcefilter.internal.settings;

import static dev.pkcefilter.internal.settings.SettingKey.EXTERNAL_BASE_URL;
import static dev.pkcefilter.internal.settings.SettingKey.PROXY_ALLOWED_HOSTS;
import static dev.pkcefilter.internal.settings.SettingKey.PROXY_HEADERS;
import static dev.pkcefilter.internal.settings.SettingKey.PROXY_TRUSTED;

import dev.pkcefilter.internal.origin.ExternalOrigin;
import dev.pkcefilter.internal.origin.OriginResolver;
import dev.pkcefilter.internal.origin.ProxyHeaders;
import dev.pkcefilter.internal.origin.TrustedProxies;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/** Reads where the browser reaches the app: an external base URL, the trusted proxies, the allowed hosts. */
public final class ProxySettings {

    private final RawSettings in;

    public ProxySettings(RawSettings in) {
        this.in = in;
    }

    public URI externalBaseUrl() {
        String value = in.value(EXTERNAL_BASE_URL);
        if (value == null) {
            return null;
        }
        try {
            URI uri = new URI(value);
            boolean web = "https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme());
            if (web && uri.getHost() != null && uri.getRawQuery() == null && uri.getRawFragment() == null
                    && uri.getRawUserInfo() == null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        in.problem(EXTERNAL_BASE_URL.key() + ": expected the app's external URL such as https://app.example.com/orders"
                + " (no query), found '" + value + "'");
        return null;
    }

    public TrustedProxies trustedProxies() {
        List<String> cidrs = in.list(PROXY_TRUSTED);
        try {
            return TrustedProxies.parse(cidrs);
        } catch (IllegalArgumentException e) {
            in.problem(PROXY_TRUSTED.key() + ": expected IP addresses or CIDR ranges such as 10.0.0.0/8, 127.0.0.1 or fd00::/8"
                    + " (no host names), found '" + e.getMessage() + "'");
            return TrustedProxies.none();
        }
    }

    public ProxyHeaders proxyHeaders() {
        String value = in.value(PROXY_HEADERS);
        ProxyHeaders family = ProxyHeaders.named(value == null ? PROXY_HEADERS.defaultValue() : value);
        if (family == null) {
            in.problem(PROXY_HEADERS.key() + ": expected forwarded, x-forwarded, both or auto, found '" + value + "'");
            return ProxyHeaders.AUTO;
        }
        return family;
    }

    public List<String> allowedHosts() {
        List<String> hosts = in.list(PROXY_ALLOWED_HOSTS);
        if (hosts.contains(OriginResolver.ANY_HOST)) {
            if (hosts.size() > 1) {
                in.problem(PROXY_ALLOWED_HOSTS.key() + ": expected * alone (follow the Host header) or a list of host names, found "
                        + hosts);
            }
            return hosts;
        }
        for (String host : hosts) {
            if (!host.matches("([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+])(:\\d{1,5})?")) {
                in.problem(PROXY_ALLOWED_HOSTS.key() + ": expected host names with optional port such as app.example.com:8443, found '"
                        + host + "'");
            }
        }
        return hosts;
    }

    /**
     * Fails closed: the redirect URI is built from the request's host, so without {@code external.base-url}
     * or {@code proxy.allowed-hosts} a forged {@code Host} header could steer it. Only an issuer on a
     * loopback address (development) may go without either: then only loopback hosts are accepted.
     */
    public void requireAnExternalOriginUnlessLoopback(List<URI> issuers, URI externalBaseUrl, List<String> allowedHosts) {
        boolean allLoopback = true;
        for (URI issuer : issuers) {
            allLoopback &= issuer == null || ExternalOrigin.isLoopback(issuer.getHost());
        }
        if (allLoopback || externalBaseUrl != null || !allowedHosts.isEmpty()) {
            return;
        }
        in.problem(EXTERNAL_BASE_URL.key() + " or " + PROXY_ALLOWED_HOSTS.key() + ": expected one of them, since the issuer is not on a"
                + " loopback address; found neither. Set " + EXTERNAL_BASE_URL.key() + " to the app's URL as browsers see it"
                + " (the redirect URI is built from it), or " + PROXY_ALLOWED_HOSTS.key() + " to the host names the app is reached"
                + " by (requests for other hosts get 400); " + PROXY_ALLOWED_HOSTS.key() + "=* follows any Host header (not"
                + " recommended)");
    }
}
