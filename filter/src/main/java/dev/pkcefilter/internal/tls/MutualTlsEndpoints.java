package dev.pkcefilter.internal.tls;

import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.op.ReadOnlyOIDCProviderEndpointMetadata;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The endpoints the filter calls directly (token, PAR, userinfo), chosen for a client that presents a certificate:
 * a provider may serve mutual TLS at other URLs and list them in {@code mtls_endpoint_aliases} (RFC 8705 §5), which
 * then win over the plain ones. Without a certificate, or without an alias, the plain endpoint is used.
 */
public final class MutualTlsEndpoints {

    private final OIDCProviderMetadata metadata;
    /** Null when the client presents no certificate, or the provider lists no aliases. */
    private final ReadOnlyOIDCProviderEndpointMetadata aliases;

    public MutualTlsEndpoints(OIDCProviderMetadata metadata, boolean presentsCertificate) {
        this.metadata = metadata;
        this.aliases = presentsCertificate ? metadata.getReadOnlyMtlsEndpointAliases() : null;
    }

    public URI token() {
        return aliases != null && aliases.getTokenEndpointURI() != null ? aliases.getTokenEndpointURI() : metadata.getTokenEndpointURI();
    }

    public URI push() {
        return aliases != null && aliases.getPushedAuthorizationRequestEndpointURI() != null
                ? aliases.getPushedAuthorizationRequestEndpointURI() : metadata.getPushedAuthorizationRequestEndpointURI();
    }

    public URI userInfo() {
        return aliases != null && aliases.getUserInfoEndpointURI() != null ? aliases.getUserInfoEndpointURI() : metadata.getUserInfoEndpointURI();
    }

    /**
     * A certificate can only be presented over TLS: a plain http endpoint would get no certificate, so
     * {@code tls_client_auth} would fail there and tokens would not be bound, whatever the settings promise.
     *
     * @param certificateKey the setting that names the certificate, as the problems name it
     * @param userInfo whether logins call the userinfo endpoint
     * @param push whether logins push their requests (PAR)
     * @return a problem for each endpoint the client would call without TLS
     */
    public List<String> problems(String certificateKey, boolean userInfo, boolean push) {
        List<String> problems = new ArrayList<>();
        URI[] endpoints = {token(), push ? push() : null, userInfo ? userInfo() : null};
        String[] names = {"token_endpoint", "pushed_authorization_request_endpoint", "userinfo_endpoint"};
        for (int i = 0; i < endpoints.length; i++) {
            if (endpoints[i] != null && !"https".equalsIgnoreCase(endpoints[i].getScheme())) {
                problems.add(certificateKey + ": expected the provider's " + names[i]
                        + " (or its mtls_endpoint_aliases entry) on https, where the certificate can be presented, found "
                        + endpoints[i]);
            }
        }
        return problems;
    }
}
