package dev.pkcefilter.internal.dpop;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;

/**
 * How a provider asks for its DPoP nonce in a proof (RFC 9449): the token endpoint with a 400 (or 401) whose error
 * is {@code use_dpop_nonce} (§8), a resource such as userinfo with a 401 whose {@code WWW-Authenticate} says so
 * (§9); either way the nonce comes in the {@code DPoP-Nonce} header.
 */
public final class DpopNonce {

    /** The response header that carries a provider's nonce (RFC 9449 §8.1). */
    public static final String HEADER = "DPoP-Nonce";
    private static final String ERROR = "use_dpop_nonce";

    private DpopNonce() {
    }

    /**
     * @param response a provider's answer to a call with a DPoP proof
     * @return the nonce it asks the next proof to carry, or null when it does not ask for one
     */
    public static String askedFor(HTTPResponse response) {
        String nonce = response.getHeaderValue(HEADER);
        if (nonce == null || (response.getStatusCode() != 400 && response.getStatusCode() != 401)) {
            return null;
        }
        String challenge = response.getHeaderValue("WWW-Authenticate");
        if (challenge != null && challenge.contains(ERROR)) {
            return nonce;
        }
        try {
            return ERROR.equals(response.getBodyAsJSONObject().get("error")) ? nonce : null;
        } catch (ParseException e) {
            return null;
        }
    }
}
