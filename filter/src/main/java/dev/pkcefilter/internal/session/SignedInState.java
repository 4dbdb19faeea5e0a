package dev.pkcefilter.internal.session;

import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import dev.pkcefilter.SignedInUser;
import dev.pkcefilter.internal.settings.Registration;
import dev.pkcefilter.internal.settings.Settings;
import dev.pkcefilter.internal.store.LogoutMarks;
import dev.pkcefilter.internal.store.SessionIndex;
import dev.pkcefilter.internal.web.WebSession;
import java.time.Duration;
import java.util.Map;

/**
 * Begins and ends a session's signed-in state: the user, the tokens and the entry in the
 * back-channel logout index always come and go together. Says whether a state still holds: not
 * past {@code session.max-age-seconds}, and not ended by a back-channel logout that another node
 * received.
 */
public final class SignedInState {

    private final Settings settings;
    private final SessionKeys keys;
    private final SessionIndex index;
    private final LogoutMarks marks;

    public SignedInState(Settings settings, SessionKeys keys, SessionIndex index, LogoutMarks marks) {
        this.settings = settings;
        this.keys = keys;
        this.index = index;
        this.marks = marks;
    }

    /**
     * @param claims the user's claims: the ID token's, plus userinfo's when enabled
     * @param idToken the verified ID token's claims
     */
    public void begin(WebSession session, Registration registration, IDTokenClaimsSet idToken, Map<String, Object> claims,
            Tokens tokens, String idTokenValue, String proofKey) {
        long now = settings.clock().millis();
        long notAfter = settings.maxSessionAge() == null ? 0 : now + settings.maxSessionAge().toMillis();
        String subject = idToken.getSubject().getValue();
        SignedInUser user = new SignedInUser(subject, idToken.getIssuer().getValue(), claims,
                ProviderQualified.roles(registration, RolesClaim.extract(claims, registration.rolesClaim(), registration.rolesStripPrefix())),
                notAfter, ProviderQualified.name(registration, subject));
        session.setAttribute(keys.tokens(), new TokenHolder(sessionTokens(tokens, idTokenValue, null, now,
                settings.defaultTokenLifetime())
                .withProofKey(proofKey)));
        session.setAttribute(keys.user(), user);
        restoreTimeout(session);
        // Registered before the session is indexed: replacing a listener of an earlier login in this
        // session runs it, and it must not remove the entry made now.
        session.whenEnded(keys.endListener(), () -> index.remove(session));
        index.add(user.issuer(), idToken.getStringClaim("sid"), user.subject(), session);
    }

    private void restoreTimeout(WebSession session) {
        Object original = session.attribute(keys.sessionTimeout());
        if (original instanceof Integer) {
            session.maxInactiveSeconds((Integer) original);
            session.removeAttribute(keys.sessionTimeout());
        }
    }

    /** Ends the signed-in state; the session itself stays (the caller invalidates it when that is meant). */
    public void end(WebSession session) {
        session.removeAttribute(keys.user());
        session.removeAttribute(keys.tokens());
        index.remove(session);
    }

    public String tokensKey() {
        return keys.tokens();
    }

    public TokenHolder tokens(WebSession session) {
        Object holder = session.attribute(keys.tokens());
        return holder instanceof TokenHolder ? (TokenHolder) holder : null;
    }

    /** @return whether the user's signed-in state holds; at most one clock read and one store read */
    public boolean isCurrent(SignedInUser user) {
        return (user.notAfterMillis() == 0 || settings.clock().millis() < user.notAfterMillis()) && !marks.ended(user);
    }

    public SignedInUser user(WebSession session) {
        Object user = session.attribute(keys.user());
        return user instanceof SignedInUser ? (SignedInUser) user : null;
    }

    /**
     * @param previous the tokens being refreshed, whose refresh and ID token stay when the provider
     *     sends no new ones; null at login
     * @param defaultLifetime the lifetime to assume when the response gives none ({@link AccessTokenLifetime})
     */
    public static SessionTokens sessionTokens(Tokens tokens, String idToken, SessionTokens previous, long now,
            Duration defaultLifetime) {
        RefreshToken refresh = tokens.getRefreshToken();
        String refreshValue = refresh != null ? refresh.getValue() : (previous == null ? null : previous.refreshToken());
        return new SessionTokens(tokens.getAccessToken().getValue(), refreshValue,
                idToken != null ? idToken : previous.idToken(),
                AccessTokenLifetime.expiresAt(tokens.getAccessToken(), refreshValue != null, defaultLifetime, now),
                previous == null ? null : previous.proofKey());
    }
}
