package dev.pkcefilter.interop;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.util.Base64;
import dev.pkcefilter.FilterSettings;
import dev.pkcefilter.testbed.Ports;
import dev.pkcefilter.testbed.TestPki;
import java.io.IOException;
import java.nio.file.Path;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One provider's mutual TLS setup (RFC 8705), made for this run: a test CA, the certificate of the provider's https
 * listener, and a client per method it supports, each with its app's port and its certificate (issued by the CA
 * for {@code tls_client_auth}, self-signed for {@code self_signed_tls_client_auth}).
 */
final class MutualTlsClients {

    /** One client: {@code <prefix>-mtls-pki} or {@code <prefix>-mtls-self}. */
    record Client(String method, String clientId, int port, TestPki.Issued certificate) {

        String origin() {
            return "http://127.0.0.1:" + port;
        }

        /** @return the public JWK set with the certificate ({@code x5c}), as self_signed_tls_client_auth registers it */
        String publicJwks() {
            ECKey key = new ECKey.Builder(Curve.P_256, (ECPublicKey) certificate.certificate().getPublicKey())
                    .keyUse(KeyUse.SIGNATURE).x509CertChain(List.of(new Base64(certificate.base64Der()))).build();
            return new JWKSet(key).toString(true);
        }
    }

    private final TestPki pki;
    private final TestPki.Issued server;
    private final Map<String, Client> clients = new LinkedHashMap<>();

    /**
     * @param prefix the client ids' prefix, such as {@code kc}
     * @param methods the methods the provider supports
     */
    MutualTlsClients(Path dir, String prefix, List<String> methods) throws IOException {
        pki = TestPki.create(dir);
        server = pki.server(prefix + "-provider-tls");
        for (String method : methods) {
            boolean issued = "tls_client_auth".equals(method);
            String clientId = prefix + (issued ? "-mtls-pki" : "-mtls-self");
            TestPki.Issued certificate = issued ? pki.client(clientId, "CN=" + clientId) : pki.selfSigned(clientId, "CN=" + clientId);
            clients.put(method, new Client(method, clientId, Ports.free(), certificate));
        }
    }

    /** @return the client for the method, or null when the provider does not support it */
    Client client(String method) {
        return clients.get(method);
    }

    /** @return the CA's and the provider's TLS material */
    TestPki pki() {
        return pki;
    }

    /** @return the certificate of the provider's https listener, issued by {@link #pki()} for 127.0.0.1 and localhost */
    TestPki.Issued server() {
        return server;
    }

    /**
     * @return settings for the client's app: its certificate (the issued one as PKCS#12, the self-signed one as PEM
     *     with its key in a file of its own, so both forms are used) and the test CA as the only trust anchor
     */
    FilterSettings.Builder settings(String issuer, Client client) {
        FilterSettings.Builder settings = FilterSettings.builder().issuer(issuer).clientId(client.clientId())
                .clientAuthMethod(client.method()).rolesClaim("roles").tlsTrustStore(pki.caPem().toString())
                // Both providers register these clients for ES256 ID tokens (id_token_signed_response_alg).
                .idTokenAlgorithms("ES256");
        return "tls_client_auth".equals(client.method())
                ? settings.clientTlsCertificate(client.certificate().keystore().toString()).clientTlsPassword(TestPki.PASSWORD)
                : settings.clientTlsCertificate(client.certificate().certificatePem().toString())
                        .clientTlsKey(client.certificate().keyPem().toString());
    }

    /** @return the private keys, for the leak check */
    List<String> secrets() {
        List<String> secrets = new ArrayList<>();
        secrets.add(server.secret());
        clients.values().forEach(client -> secrets.add(client.certificate().secret()));
        return secrets;
    }
}
