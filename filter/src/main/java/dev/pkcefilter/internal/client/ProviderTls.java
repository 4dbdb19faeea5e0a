package dev.pkcefilter.internal.client;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * How the filter's calls to one provider do TLS: which certificates it trusts ({@code tls.trust-store}, else the
 * JVM's) and which certificate it presents when asked ({@code client.tls.certificate}, RFC 8705). Built once at
 * startup; without either setting it changes nothing, and calls use the JVM's defaults.
 */
public final class ProviderTls {

    /** The JVM's trust and no client certificate. */
    public static final ProviderTls JVM_DEFAULT = new ProviderTls(null, null);

    /** Null for the JVM's default. */
    private final SSLContext context;
    private final ClientCertificate certificate;

    private ProviderTls(SSLContext context, ClientCertificate certificate) {
        this.context = context;
        this.certificate = certificate;
    }

    /**
     * @param trustAnchors the certificates to trust instead of the JVM's, or null
     * @param certificate the certificate to present, or null
     */
    public static ProviderTls of(KeyStore trustAnchors, ClientCertificate certificate) {
        if (trustAnchors == null && certificate == null) {
            return JVM_DEFAULT;
        }
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            // A null key store is the JVM's own trust store (cacerts, or javax.net.ssl.trustStore).
            trust.init(trustAnchors);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(certificate == null ? null : new KeyManager[] {certificate.keyManager()}, trust.getTrustManagers(), null);
            return new ProviderTls(context, certificate);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("expected a JDK that can set up TLS, found it cannot (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Makes the request use this TLS setup; leaves it as it is when this is the JVM's default. */
    public void applyTo(HTTPRequest request) {
        if (context != null) {
            request.setSSLSocketFactory(context.getSocketFactory());
        }
    }

    /** @return the socket factory of this setup, or null for the JVM's default */
    public SSLSocketFactory socketFactory() {
        return context == null ? null : context.getSocketFactory();
    }

    /** @return the TLS context, which presents the client certificate; null for the JVM's default */
    public SSLContext context() {
        return context;
    }

    /** @return the certificate the calls present, or null */
    public ClientCertificate certificate() {
        return certificate;
    }

    @Override
    public String toString() {
        return certificate == null ? "ProviderTls[" + (context == null ? "JVM default" : "own trust store") + "]"
                : "ProviderTls[" + certificate + "]";
    }
}
