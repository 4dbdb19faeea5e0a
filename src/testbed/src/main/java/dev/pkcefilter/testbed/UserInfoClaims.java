package dev.pkcefilter.testbed;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.StandardClaimNames;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcUserInfoAuthenticationContext;

/**
 * The userinfo answer (OIDC Core §5.3.2): {@code sub} and the ID token's claims of the granted scopes, as Spring's
 * default mapper gives, plus the test's userinfo-only claims, which win over both.
 */
final class UserInfoClaims implements Function<OidcUserInfoAuthenticationContext, OidcUserInfo> {

    private static final Map<String, List<String>> CLAIMS_BY_SCOPE = Map.of(
            OidcScopes.PROFILE, List.of(StandardClaimNames.NAME, StandardClaimNames.PREFERRED_USERNAME),
            OidcScopes.EMAIL, List.of(StandardClaimNames.EMAIL, StandardClaimNames.EMAIL_VERIFIED));

    private final Map<String, Object> extra;

    UserInfoClaims(ExtraClaims extra) {
        this.extra = extra.userInfo();
    }

    @Override
    public OidcUserInfo apply(OidcUserInfoAuthenticationContext context) {
        OidcIdToken idToken = context.getAuthorization().getToken(OidcIdToken.class).getToken();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put(StandardClaimNames.SUB, idToken.getSubject());
        for (String scope : context.getAccessToken().getScopes()) {
            for (String name : CLAIMS_BY_SCOPE.getOrDefault(scope, List.of())) {
                if (idToken.hasClaim(name)) {
                    claims.put(name, idToken.getClaim(name));
                }
            }
        }
        claims.putAll(extra);
        return new OidcUserInfo(claims);
    }
}
