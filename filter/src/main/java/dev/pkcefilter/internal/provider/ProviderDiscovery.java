package dev.pkcefilter.internal.provider;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseMode;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import dev.pkcefilter.SettingsException;
import dev.pkcefilter.internal.http.ProviderCall;
import dev.pkcefilter.internal.jwt.IdTokenVerifier;
import dev.pkcefilter.internal.jwt.LogoutTokenVerifier;
import dev.pkcefilter.internal.settings.Fapi2Profile;
import dev.pkcefilter.internal.settings.Registration;
import dev.pkcefilter.internal.settings.SettingKey;
import dev.pkcefilter.internal.settings.Settings;
import dev.pkcefilter.internal.tls.ClientCertificate;
import dev.pkcefilter.internal.tls.MutualTlsEndpoints;
import dev.pkcefilter.internal.web.Redaction;
import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Fetches the provider's discovery document (OIDC Discovery §4) and checks that it is usable: the
 * issuer equals the configured one exactly (§4.3), PKCE S256 is offered when methods are listed
 * (a downgrade is a configuration error), and an ID token algorithm is shared with the settings. It also
 * resolves what depends on the metadata (form_post for {@code auto}, a required PAR) and holds the provider to
 * what the settings need of it: a PAR endpoint, DPoP with ES256, https endpoints for a client certificate, and for
 * {@code profile=fapi2-security} {@code iss}, the client's authentication method, S256 and certificate-bound tokens
 * when they are not DPoP-bound.
 */
public final class ProviderDiscovery {

    private static final Logger LOG = Logger.getLogger(ProviderDiscovery.class.getName());

    /** JWKS answers larger than this are refused: a key set is a few KB. */
    private static final int JWKS_SIZE_LIMIT = 512 * 1024;

    private final Settings settings;
    private final Registration registration;
    private final ProviderCall call;

    public ProviderDiscovery(Settings settings, Registration registration) {
        this.settings = settings;
        this.registration = registration;
        this.call = new ProviderCall(registration.tls(), settings.connectTimeout(), settings.readTimeout());
    }

    /**
     * @return the usable provider
     * @throws IOException when the provider cannot be reached or does not answer 200
     * @throws SettingsException when it answers with metadata this filter must not use
     */
    public Provider discover() throws IOException {
        OIDCProviderMetadata metadata = validated(fetch());
        Set<JWSAlgorithm> algorithms = sharedAlgorithms(metadata);
        JWKSource<SecurityContext> keys = ProviderKeys.publishedAt(metadata.getJWKSetURI().toURL(), call.retriever(JWKS_SIZE_LIMIT),
                settings.clock());
        IdTokenVerifier verifier = new IdTokenVerifier(metadata.getIssuer(), new ClientID(registration.clientId()), algorithms,
                keys, (int) settings.clockSkew().getSeconds(), settings.clock());
        LogoutTokenVerifier logoutTokens = new LogoutTokenVerifier(metadata.getIssuer(), new ClientID(registration.clientId()),
                algorithms, keys, (int) settings.clockSkew().getSeconds());
        MutualTlsEndpoints endpoints = new MutualTlsEndpoints(metadata, registration.tls().certificate() != null);
        Provider provider = new Provider(registration.issuer(), metadata.getAuthorizationEndpointURI(),
                endpoints.token(), metadata.supportsAuthorizationResponseIssuerParam(), verifier)
                .withSessionEndpoints(metadata.getEndSessionEndpointURI(), endpoints.userInfo(), logoutTokens)
                .withCall(call);
        provider = usesFormPost(metadata) ? provider.withFormPost() : provider;
        boolean push = registration.pushAlways() || metadata.requiresPushedAuthorizationRequests();
        return push ? provider.withPushedRequests(endpoints.push()) : provider;
    }

    private OIDCProviderMetadata fetch() throws IOException {
        URL url;
        try {
            url = OIDCProviderMetadata.resolveURL(new Issuer(registration.issuer().toString()));
        } catch (GeneralException e) {
            throw problem("expected an issuer from which a discovery URL can be built, found one that cannot");
        }
        HTTPRequest request = new HTTPRequest(HTTPRequest.Method.GET, url);
        request.setAccept("application/json");
        HTTPResponse response = call.send(request);
        if (response.getStatusCode() != 200) {
            throw new IOException("discovery document " + url + " answered HTTP " + response.getStatusCode());
        }
        try {
            return OIDCProviderMetadata.parse(response.getBodyAsJSONObject());
        } catch (ParseException e) {
            throw problem("expected a valid OpenID Provider discovery document at " + url
                    + ", found one that does not parse (a required member is missing or malformed)");
        }
    }

    private OIDCProviderMetadata validated(OIDCProviderMetadata metadata) {
        List<String> problems = new ArrayList<>();
        String configured = registration.issuer().toString();
        String announced = metadata.getIssuer().getValue();
        if (!configured.equals(announced)) {
            problems.add(registration.key(SettingKey.ISSUER) + ": expected the provider's metadata to name the configured issuer '" + configured
                    + "' exactly, found '" + announced + "' (set " + registration.key(SettingKey.ISSUER) + " to the provider's value, trailing slash included)");
        }
        List<CodeChallengeMethod> pkceMethods = metadata.getCodeChallengeMethods();
        if (pkceMethods != null && !pkceMethods.contains(CodeChallengeMethod.S256)) {
            problems.add(registration.key(SettingKey.ISSUER) + ": expected the provider to support PKCE method S256 (code_challenge_methods_supported),"
                    + " found " + pkceMethods + ": refusing a PKCE downgrade");
        }
        if (metadata.getTokenEndpointURI() == null) {
            problems.add(registration.key(SettingKey.ISSUER) + ": expected the provider's metadata to have a token_endpoint, found none");
        }
        List<ResponseMode> modes = metadata.getResponseModes();
        if (registration.responseMode() == dev.pkcefilter.internal.settings.ResponseMode.FORM_POST && modes != null
                && !modes.contains(ResponseMode.FORM_POST)) {
            problems.add(registration.key(SettingKey.RESPONSE_MODE) + ": expected the provider to list form_post in"
                    + " response_modes_supported, found " + modes + " (set it to query or auto)");
        }
        if ((registration.pushAlways() || metadata.requiresPushedAuthorizationRequests())
                && metadata.getPushedAuthorizationRequestEndpointURI() == null) {
            problems.add(registration.key(SettingKey.PAR) + ": expected the provider to have a pushed_authorization_request_endpoint"
                    + (registration.pushAlways() ? " (par=always)" : " (it requires pushed authorization requests)") + ", found none");
        }
        if (registration.dpop() && (metadata.getDPoPJWSAlgs() == null || !metadata.getDPoPJWSAlgs().contains(JWSAlgorithm.ES256))) {
            problems.add(registration.key(SettingKey.DPOP) + ": expected the provider to list ES256 in"
                    + " dpop_signing_alg_values_supported, found " + (metadata.getDPoPJWSAlgs() == null ? "none" : metadata.getDPoPJWSAlgs()));
        }
        ClientCertificate certificate = registration.tls().certificate();
        if (certificate != null && !certificate.validAt(settings.clock().millis())) {
            // Checked here, with the filter's clock: the provider would refuse it in a handshake that says nothing of why.
            problems.add(registration.key(SettingKey.CLIENT_TLS_CERTIFICATE) + ": expected a certificate valid now ("
                    + settings.clock().instant() + "), found one valid " + certificate.validity());
        }
        if (certificate != null) {
            problems.addAll(new MutualTlsEndpoints(metadata, true).problems(registration.key(SettingKey.CLIENT_TLS_CERTIFICATE),
                    registration.userInfoEnabled(), registration.pushAlways() || metadata.requiresPushedAuthorizationRequests()));
        }
        if (registration.fapi2()) {
            problems.addAll(Fapi2Profile.providerProblems(registration, metadata));
        }
        if (sharedAlgorithms(metadata).isEmpty()) {
            problems.add(registration.key(SettingKey.ID_TOKEN_ALGORITHMS) + ": expected an algorithm shared with the provider's"
                    + " id_token_signing_alg_values_supported " + metadata.getIDTokenJWSAlgs() + ", found none in "
                    + registration.idTokenAlgorithms());
        }
        if (!problems.isEmpty()) {
            throw new SettingsException(problems);
        }
        warnIfAuthMethodUnlisted(metadata);
        return metadata;
    }

    /** {@code form_post} when set, or with {@code auto} when the provider lists it (the default list has no form_post). */
    private boolean usesFormPost(OIDCProviderMetadata metadata) {
        switch (registration.responseMode()) {
            case FORM_POST:
                return true;
            case AUTO:
                return metadata.getResponseModes() != null && metadata.getResponseModes().contains(ResponseMode.FORM_POST);
            default:
                return false;
        }
    }

    private void warnIfAuthMethodUnlisted(OIDCProviderMetadata metadata) {
        List<ClientAuthenticationMethod> listed = metadata.getTokenEndpointAuthMethods();
        String chosen = registration.clientAuthMethod().registeredName();
        if (listed != null && !listed.contains(ClientAuthenticationMethod.parse(chosen))) {
            LOG.warning("pkce-filter: " + registration.key(SettingKey.CLIENT_AUTH_METHOD) + " is " + chosen
                    + " but the provider's token_endpoint_auth_methods_supported lists " + Redaction.tokens(listed)
                    + "; keeping " + chosen + " (the provider may still accept it)");
        }
    }

    private Set<JWSAlgorithm> sharedAlgorithms(OIDCProviderMetadata metadata) {
        Set<JWSAlgorithm> shared = new LinkedHashSet<>();
        List<JWSAlgorithm> offered = metadata.getIDTokenJWSAlgs();
        if (offered == null) {
            return shared;
        }
        for (JWSAlgorithm algorithm : offered) {
            if (registration.idTokenAlgorithms().contains(algorithm.getName())) {
                shared.add(algorithm);
            }
        }
        return shared;
    }

    private SettingsException problem(String text) {
        List<String> problems = new ArrayList<>();
        problems.add(registration.key(SettingKey.ISSUER) + ": " + text);
        return new SettingsException(problems);
    }
}
