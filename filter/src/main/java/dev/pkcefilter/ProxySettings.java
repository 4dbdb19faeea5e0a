package dev.pkcefilter;

import static dev.pkcefilter.SettingsReader.ALLOWED_HOSTS;
import static dev.pkcefilter.SettingsReader.EXTERNAL_BASE_URL;
import static dev.pkcefilter.SettingsReader.TRUSTED_PROXIES;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/** Reads where the browser reaches the app: an external base URL, the trusted proxies, the allowed hosts. */
final class ProxySettings {

    private final RawSettings in;

    ProxySettings(RawSettings in) {
        this.in = in;
    }

    URI externalBaseUrl() {
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
        in.problem(EXTERNAL_BASE_URL + ": expected the app's external URL such as https://app.example.com/orders"
                + " (no query), found '" + value + "'");
        return null;
    }

    TrustedProxies trustedProxies() {
        List<String> cidrs = in.list(TRUSTED_PROXIES);
        try {
            return TrustedProxies.parse(cidrs);
        } catch (IllegalArgumentException e) {
            in.problem(TRUSTED_PROXIES + ": expected IP addresses or CIDR ranges such as 10.0.0.0/8, 127.0.0.1 or fd00::/8"
                    + " (no host names), found '" + e.getMessage() + "'");
            return TrustedProxies.none();
        }
    }

    List<String> allowedHosts() {
        List<String> hosts = in.list(ALLOWED_HOSTS);
        for (String host : hosts) {
            if (!host.matches("([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+])(:\\d{1,5})?")) {
                in.problem(ALLOWED_HOSTS + ": expected host names with optional port such as app.example.com:8443, found '"
                        + host + "'");
            }
        }
        return hosts;
    }
}
