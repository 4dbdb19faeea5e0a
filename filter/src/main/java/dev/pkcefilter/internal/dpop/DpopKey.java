package dev.pkcefilter.internal.dpop;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.id.JWTID;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import com.nimbusds.openid.connect.sdk.Nonce;
import java.net.URI;
import java.text.ParseException;
import java.util.Date;

/**
 * One session's DPoP key pair (RFC 9449): an EC P-256 key made at login start, kept server side only (in the
 * pending login, then beside the session's tokens), never in a cookie. It signs a fresh proof for each token call,
 * refresh and API call, and its thumbprint ({@code dpop_jkt}) binds the authorization code to it.
 * {@link #toString()} shows the thumbprint only.
 */
public final class DpopKey {

    private final ECKey key;
    private final DefaultDPoPProofFactory proofs;

    private DpopKey(ECKey key) {
        this.key = key;
        try {
            this.proofs = new DefaultDPoPProofFactory(key, JWSAlgorithm.ES256);
        } catch (JOSEException e) {
            throw new IllegalStateException("an EC P-256 key always signs ES256", e);
        }
    }

    /** @return a fresh key pair */
    public static DpopKey generate() {
        try {
            return new DpopKey(new ECKeyGenerator(Curve.P_256).generate());
        } catch (JOSEException e) {
            throw new IllegalStateException("every Java platform makes EC P-256 keys", e);
        }
    }

    /**
     * @param json what {@link #toJson()} wrote
     * @throws IllegalStateException when it is not such a key (a session is never filled from outside)
     */
    public static DpopKey fromJson(String json) {
        try {
            return new DpopKey(ECKey.parse(json));
        } catch (ParseException e) {
            // The parser's message may quote the key: name the fault only.
            throw new IllegalStateException("a session's DPoP key is in an unknown form");
        }
    }

    /** @return the private key as a JWK, for the session's serialized form only */
    public String toJson() {
        return key.toJSONString();
    }

    /** @return the public key's RFC 7638 thumbprint, as {@code dpop_jkt} and a token's {@code cnf.jkt} name it */
    public String thumbprint() {
        try {
            return key.computeThumbprint().toString();
        } catch (JOSEException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * A proof for one request (RFC 9449 §4.2): a fresh {@code jti}, {@code htm}, {@code htu} and {@code iat} from the
     * filter's clock, and for a call with an access token its hash ({@code ath}).
     *
     * @param nowMillis the filter's clock, for {@code iat}
     * @param method the request's method ({@code htm})
     * @param url the request's URL; its query and fragment are left out ({@code htu})
     * @param accessToken the DPoP-bound access token the request carries, or null (token calls)
     * @param nonce the server's {@code DPoP-Nonce}, or null
     * @return the proof, a signed JWT for the {@code DPoP} header
     */
    public String proof(long nowMillis, String method, URI url, String accessToken, String nonce) {
        try {
            // htu is the URL without query and fragment (RFC 9449 §4.2).
            String target = url.toString().replaceFirst("[?#].*", "");
            return proofs.createDPoPJWT(new JWTID(), method, URI.create(target), new Date(nowMillis / 1000 * 1000),
                    accessToken == null ? null : new DPoPAccessToken(accessToken), nonce == null ? null : new Nonce(nonce))
                    .serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("the DPoP proof could not be signed (" + e.getClass().getSimpleName() + ")");
        }
    }

    @Override
    public String toString() {
        return "DpopKey[thumbprint=" + thumbprint() + "]";
    }
}
