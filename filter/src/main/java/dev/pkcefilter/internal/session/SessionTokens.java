package dev.pkcefilter.internal.session;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tokens of a signed-in session, kept server side in the session for later use (refresh,
 * logout, downstream calls). Never sent to the browser; {@link #toString()} shows no token.
 * {@link TokenHolder} writes its fields when the session is serialized.
 */
public final class SessionTokens {

    private final String accessToken;
    private final String refreshToken;
    private final String idToken;
    private final long accessTokenExpiresAtMillis;
    /** The session's DPoP key (private JWK), when its tokens are DPoP-bound; null for bearer tokens. */
    private final String proofKey;

    public SessionTokens(String accessToken, String refreshToken, String idToken, long accessTokenExpiresAtMillis) {
        this(accessToken, refreshToken, idToken, accessTokenExpiresAtMillis, null);
    }

    /** @param proofKey the session's DPoP key ({@link dev.pkcefilter.internal.dpop.DpopKey#toJson()}), or null */
    public SessionTokens(String accessToken, String refreshToken, String idToken, long accessTokenExpiresAtMillis,
            String proofKey) {
        this.accessToken = accessToken;
        this.refreshToken = refreshToken;
        this.idToken = idToken;
        this.accessTokenExpiresAtMillis = accessTokenExpiresAtMillis;
        this.proofKey = proofKey;
    }

    /** @return the DPoP key the tokens are bound to (RFC 9449), or null for bearer tokens; never shown */
    public String proofKey() { return proofKey; }

    /** @return these tokens bound to the session's DPoP key: tokens another node refreshed come without it */
    public SessionTokens withProofKey(String key) {
        return new SessionTokens(accessToken, refreshToken, idToken, accessTokenExpiresAtMillis, key);
    }

    public String accessToken() { return accessToken; }

    /** @return the refresh token, or null when the provider issued none */
    public String refreshToken() { return refreshToken; }

    public String idToken() { return idToken; }

    /** @return when the access token expires (epoch millis), or 0 when its lifetime is unknown */
    public long accessTokenExpiresAtMillis() { return accessTokenExpiresAtMillis; }

    /** @return whether the access token has expired or will within the margin; never, when its lifetime is unknown */
    public boolean expiresWithin(long marginMillis, long nowMillis) {
        return accessTokenExpiresAtMillis > 0 && nowMillis + marginMillis >= accessTokenExpiresAtMillis;
    }

    /** @return the tokens as one JSON object, for a {@link ClusterStore} that hands them to another node */
    public String toStoreValue() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("access_token", accessToken);
        json.put("refresh_token", refreshToken);
        json.put("id_token", idToken);
        json.put("expires_at", accessTokenExpiresAtMillis);
        return JSONObjectUtils.toJSONString(json);
    }

    /**
     * @param value what {@link #toStoreValue()} wrote, on any node
     * @throws IllegalStateException when the value is not such an object (the store is shared by
     *     the app's nodes only, so this is a fault, never an attack to answer politely)
     */
    public static SessionTokens fromStoreValue(String value) {
        try {
            Map<String, Object> json = JSONObjectUtils.parse(value);
            return new SessionTokens(JSONObjectUtils.getString(json, "access_token"),
                    JSONObjectUtils.getString(json, "refresh_token"), JSONObjectUtils.getString(json, "id_token"),
                    JSONObjectUtils.getLong(json, "expires_at"));
        } catch (ParseException e) {
            // The parser's message may quote the value, which holds tokens: name the fault only.
            throw new IllegalStateException("the cluster store holds refreshed tokens in an unknown form");
        }
    }

    @Override
    public String toString() {
        return "SessionTokens[accessToken=******, refreshToken=" + (refreshToken == null ? "(none)" : "******")
                + ", idToken=******" + (proofKey == null ? "" : ", dpop") + "]";
    }
}
