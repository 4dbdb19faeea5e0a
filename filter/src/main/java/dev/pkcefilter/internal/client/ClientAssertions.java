package dev.pkcefilter.internal.client;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.assertions.jwt.JWTAssertionFactory;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretJWT;
import com.nimbusds.oauth2.sdk.auth.JWTAuthenticationClaimsSet;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.JWTID;
import dev.pkcefilter.internal.credentials.ClientAuthMethod;
import dev.pkcefilter.internal.credentials.SigningKeys;
import dev.pkcefilter.internal.settings.Registration;
import dev.pkcefilter.internal.settings.Settings;
import java.net.URI;
import java.util.Collections;
import java.util.Date;

/**
 * private_key_jwt and client_secret_jwt (OIDC Core §9, RFC 7523 §2.2): a new signed assertion for
 * every token call, never cached: iss = sub = client_id, aud = the issuer identifier (or the token
 * endpoint, for providers that still want it), a fresh jti, iat now and exp at most 60 s ahead.
 */
public final class ClientAssertions implements ClientAuthenticator {

    private final Settings settings;
    private final Registration registration;
    private final ClientID clientId;

    public ClientAssertions(Settings settings, Registration registration) {
        this.settings = settings;
        this.registration = registration;
        this.clientId = new ClientID(registration.clientId());
    }

    @Override
    public ClientAuthentication forTokenCall(URI issuer, URI tokenEndpoint) {
        return assertionFor(registration.assertionAudienceIsTokenEndpoint() ? tokenEndpoint : issuer);
    }

    @Override
    public ClientAuthentication forPushedRequest(URI issuer) {
        return assertionFor(issuer);
    }

    /** A fresh assertion (OIDC Core §9: used once) naming {@code audience}, in the client's method. */
    private ClientAuthentication assertionFor(URI audience) {
        SignedJWT assertion = sign(claims(audience));
        return registration.clientAuthMethod() == ClientAuthMethod.PRIVATE_KEY_JWT
                ? new PrivateKeyJWT(assertion) : new ClientSecretJWT(assertion);
    }

    public JWTAuthenticationClaimsSet claims(URI audience) {
        long now = settings.clock().millis();
        // Whole seconds: JWT NumericDates have no fraction, and a rounded-up iat could be "in the future".
        Date issuedAt = new Date(now / 1000 * 1000);
        Date expires = new Date(issuedAt.getTime() + registration.assertionLifetime().toMillis());
        return new JWTAuthenticationClaimsSet(clientId, Collections.singletonList(new Audience(audience.toString())),
                expires, null, issuedAt, new JWTID());
    }

    private SignedJWT sign(JWTAuthenticationClaimsSet claims) {
        try {
            if (registration.clientAuthMethod() == ClientAuthMethod.PRIVATE_KEY_JWT) {
                SigningKeys keys = registration.signingKeys();
                return JWTAssertionFactory.create(claims, keys.algorithm(), keys.privateKey(), keys.keyId(), null, null, null);
            }
            return JWTAssertionFactory.create(claims, JWSAlgorithm.HS256, new Secret(registration.clientSecret()));
        } catch (JOSEException e) {
            // Keys were checked at startup; this is a broken JCA provider, not bad input.
            throw new IllegalStateException("the client assertion could not be signed (" + e.getClass().getSimpleName() + ")");
        }
    }
}
