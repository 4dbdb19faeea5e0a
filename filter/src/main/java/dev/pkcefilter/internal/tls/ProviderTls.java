package dev.pkcefilter.internal.tls;

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
    public static final ProviderTls JVM_DEFAULT = new ProviderTls(null, null, null);

    /** Null for the JVM's default. */
    private final SSLContext context;
    /**
     * The app's own context for its API calls, null without a certificate: an {@code SSLContext} can be initialized
     * again, and an app doing so must not change what the filter's calls to the provider trust.
     */
    private final SSLContext appContext;
    private final ClientCertificate certificate;

    private ProviderTls(SSLContext context, SSLContext appContext, ClientCertificate certificate) {
        this.context = context;
        this.appContext = appContext;
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
            return new ProviderTls(context(trustAnchors, certificate), certificate == null ? null : context(trustAnchors, certificate),
                    certificate);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("expected a JDK that can set up TLS, found it cannot (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static SSLContext context(KeyStore trustAnchors, ClientCertificate certificate) throws GeneralSecurityException {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        // A null key store is the JVM's own trust store (cacerts, or javax.net.ssl.trustStore).
        trust.init(trustAnchors);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(certificate == null ? null : new KeyManager[] {certificate.keyManager()}, trust.getTrustManagers(), null);
        return context;
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

    /**
     * @return a TLS context for the app's own calls with a certificate-bound token: it presents the client certificate
     *     and trusts what the filter's calls trust; a context of its own, so that nothing the app does with it
     *     changes the filter's. Null without a client certificate.
     */
    public SSLContext appContext() {
        return appContext;
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
