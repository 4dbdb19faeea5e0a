package dev.pkcefilter.testbed;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * Adds standard claims for the granted scopes to the ID token (OIDC Core §5.4), and the test's extra ID token
 * claims. {@link UserInfoClaims} copies the standard ones from there, so userinfo answers with them too.
 */
final class ProfileClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

    private final ExtraClaims extra;

    ProfileClaims(ExtraClaims extra) {
        this.extra = extra;
    }

    @Override
    public void customize(JwtEncodingContext context) {
        if (!OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
            return;
        }
        String username = context.getPrincipal().getName();
        Set<String> scopes = context.getAuthorizedScopes();
        if (scopes.contains(OidcScopes.PROFILE)) {
            context.getClaims().claim("name", capitalized(username)).claim("preferred_username", username);
        }
        if (scopes.contains(OidcScopes.EMAIL)) {
            context.getClaims().claim("email", username + "@example.com").claim("email_verified", true);
        }
        extra.idToken().forEach(context.getClaims()::claim);
        acrAskedFor(context).ifPresent(acr -> context.getClaims().claim("acr", acr));
    }

    /** The first class the authorization request asked for ({@code acr_values}) that this provider can satisfy. */
    private Optional<String> acrAskedFor(JwtEncodingContext context) {
        OAuth2Authorization authorization = context.getAuthorization();
        OAuth2AuthorizationRequest request = authorization == null ? null
                : authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
        Object asked = request == null ? null : request.getAdditionalParameters().get("acr_values");
        if (!(asked instanceof String)) {
            return Optional.empty();
        }
        return Arrays.stream(((String) asked).split(" ")).filter(extra.acrValues()::contains).findFirst();
    }

    private static String capitalized(String name) {
        return name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
