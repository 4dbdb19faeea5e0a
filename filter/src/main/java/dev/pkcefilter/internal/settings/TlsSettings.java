package dev.pkcefilter.internal.settings;

import static dev.pkcefilter.internal.settings.SettingKey.CLIENT_TLS_ALIAS;
import static dev.pkcefilter.internal.settings.SettingKey.CLIENT_TLS_CERTIFICATE;
import static dev.pkcefilter.internal.settings.SettingKey.CLIENT_TLS_KEY;
import static dev.pkcefilter.internal.settings.SettingKey.CLIENT_TLS_PASSWORD;
import static dev.pkcefilter.internal.settings.SettingKey.TLS_TRUST_STORE;
import static dev.pkcefilter.internal.settings.SettingKey.TLS_TRUST_STORE_PASSWORD;

import dev.pkcefilter.internal.credentials.ClientAuthMethod;
import dev.pkcefilter.internal.tls.ClientCertificate;
import dev.pkcefilter.internal.tls.ProviderTls;
import dev.pkcefilter.internal.tls.TrustAnchors;
import java.security.KeyStore;

/**
 * Reads how the calls to one provider do TLS: the client certificate of mutual TLS (RFC 8705) and the trust store.
 * Each problem names its key; a file that cannot be used is a problem at startup, not a failed handshake later.
 */
final class TlsSettings {

    private final RawSettings in;

    TlsSettings(RawSettings in) {
        this.in = in;
    }

    /**
     * @param method the client's authentication method; the mutual TLS ones need a certificate
     * @return the TLS setup; {@link ProviderTls#JVM_DEFAULT} when nothing is set, or when something is wrong (a
     *     problem is then recorded)
     */
    ProviderTls read(ClientAuthMethod method) {
        ClientCertificate certificate = certificate(method);
        KeyStore trust = trustAnchors();
        if (in.hasProblems()) {
            return ProviderTls.JVM_DEFAULT;
        }
        try {
            return ProviderTls.of(trust, certificate);
        } catch (IllegalArgumentException e) {
            in.problem(TLS_TRUST_STORE.key() + ": " + e.getMessage());
            return ProviderTls.JVM_DEFAULT;
        }
    }

    private ClientCertificate certificate(ClientAuthMethod method) {
        String path = method != null && method.isMutualTls()
                ? in.required(CLIENT_TLS_CERTIFICATE, "the client's certificate and key for " + method.registeredName()
                        + " (a PKCS#12 keystore, or PEM)")
                : in.value(CLIENT_TLS_CERTIFICATE);
        if (path == null) {
            for (SettingKey key : new SettingKey[] {CLIENT_TLS_KEY, CLIENT_TLS_PASSWORD, CLIENT_TLS_ALIAS}) {
                if (in.has(key)) {
                    in.problem(key.key() + ": expected only with " + in.name(CLIENT_TLS_CERTIFICATE) + ", found it set without it");
                }
            }
            return null;
        }
        try {
            return ClientCertificate.read(path, in.value(CLIENT_TLS_KEY), in.value(CLIENT_TLS_PASSWORD), in.value(CLIENT_TLS_ALIAS));
        } catch (ClientCertificate.KeyFileProblem e) {
            in.problem(CLIENT_TLS_KEY.key() + ": " + e.getMessage());
            return null;
        } catch (IllegalArgumentException e) {
            in.problem(CLIENT_TLS_CERTIFICATE.key() + ": " + e.getMessage());
            return null;
        }
    }

    private KeyStore trustAnchors() {
        String path = in.value(TLS_TRUST_STORE);
        if (path == null) {
            if (in.has(TLS_TRUST_STORE_PASSWORD)) {
                in.problem(TLS_TRUST_STORE_PASSWORD.key() + ": expected only with " + in.name(TLS_TRUST_STORE) + ", found it set without it");
            }
            return null;
        }
        try {
            return TrustAnchors.read(path, in.value(TLS_TRUST_STORE_PASSWORD));
        } catch (IllegalArgumentException e) {
            in.problem(TLS_TRUST_STORE.key() + ": " + e.getMessage());
            return null;
        }
    }
}
