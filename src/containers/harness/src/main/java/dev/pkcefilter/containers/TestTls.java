package dev.pkcefilter.containers;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * TLS for tests against a server's own https listener, with a self-signed certificate (WildFly's test writes one
 * for {@code localhost}, Payara ships one): what is tested is the app behind TLS,
 * not the certificate, so any certificate is trusted (and the container modules' failsafe turns the test client's
 * host name check off). Test code only.
 */
public final class TestTls {

    private TestTls() {
    }

    /** @return a TLS context that accepts any server certificate */
    public static SSLContext trustingAnyCertificate() {
        TrustManager any = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                // not a server: no client certificates to check
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                // any: the servers' own test certificates
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {any}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS in this JVM", e);
        }
    }
}
