package dev.pkcefilter.testbed;

import java.net.URI;
import java.util.function.Consumer;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationToken;

/**
 * The provider's check of a logout's {@code post_logout_redirect_uri}: a registered URI, or, on a loopback IP
 * literal, a registered one with any port, as Spring Authorization Server already matches redirect URIs (RFC 8252
 * §7.3). Without it a WAR registered once for {@code http://127.0.0.1/...} could sign in on any port but not log out
 * there: the provider answered its logout with 400 and kept the user's session.
 */
final class LoopbackPostLogoutRedirects implements Consumer<OidcLogoutAuthenticationContext> {

    @Override
    public void accept(OidcLogoutAuthenticationContext context) {
        OidcLogoutAuthenticationToken logout = context.getAuthentication();
        String requested = logout.getPostLogoutRedirectUri();
        if (requested == null || requested.isEmpty()
                || context.getRegisteredClient().getPostLogoutRedirectUris().contains(requested)) {
            return;
        }
        URI uri = URI.create(requested);
        if (isLoopbackLiteral(uri.getHost())) {
            for (String registered : context.getRegisteredClient().getPostLogoutRedirectUris()) {
                if (registered.equals(withoutPort(uri))) {
                    return;
                }
            }
        }
        throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
                "OpenID Connect 1.0 Logout Request Parameter: post_logout_redirect_uri", null));
    }

    private static boolean isLoopbackLiteral(String host) {
        return "127.0.0.1".equals(host) || "[::1]".equals(host);
    }

    private static String withoutPort(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }
}
