package dev.pkcefilter.testbed;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.auth.X509CertificateConfirmation;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * A small API that accepts only certificate-bound access tokens (RFC 8705 §3): {@code GET /orders} on https, where
 * the TLS handshake asks for a client certificate from the test CA. It checks the access token (a JWT signed by the
 * provider's published keys, from the expected issuer), then that its {@code cnf.x5t#S256} is the SHA-256
 * thumbprint of the certificate the connection presented. Runs on Jetty, on 127.0.0.1.
 */
public final class CertificateBoundResourceServer implements AutoCloseable {

    private final Server server;
    private final int port;
    private final Orders orders;

    private CertificateBoundResourceServer(Server server, int port, Orders orders) {
        this.server = server;
        this.port = port;
        this.orders = orders;
    }

    /**
     * @param pki the CA that issued the server's certificate and the clients'
     * @param certificate the server's own certificate, from {@code pki}
     * @param issuer the issuer the tokens must name
     * @param jwks where the provider publishes its keys
     * @throws IllegalStateException when Jetty cannot start
     */
    public static CertificateBoundResourceServer start(TestPki pki, TestPki.Issued certificate, String issuer, URL jwks) {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(certificate.keystore().toString());
        tls.setKeyStorePassword(TestPki.PASSWORD);
        tls.setKeyStoreType("PKCS12");
        tls.setTrustStore(trusting(pki));
        tls.setWantClientAuth(true);
        Server server = new Server();
        HttpConfiguration https = new HttpConfiguration();
        // Called as 127.0.0.1, which is in the certificate's names but sends no SNI.
        https.addCustomizer(new SecureRequestCustomizer(false));
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(https));
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        Orders orders = new Orders(issuer, jwks);
        context.addServlet(new ServletHolder(orders), "/orders");
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("the resource server could not start", e);
        }
        return new CertificateBoundResourceServer(server, connector.getLocalPort(), orders);
    }

    private static KeyStore trusting(TestPki pki) {
        try (InputStream in = Files.newInputStream(pki.caPem())) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            return trust;
        } catch (Exception e) {
            throw new IllegalStateException("the test CA cannot be read", e);
        }
    }

    /** @return {@code https://127.0.0.1:<port>/orders} */
    public URI ordersUri() {
        return URI.create("https://127.0.0.1:" + port + "/orders");
    }

    /** @return every verdict so far, oldest first: {@code ok <thumbprint>}, or why a call was refused */
    public List<String> verdicts() {
        return List.copyOf(orders.verdicts);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the resource server did not stop", e);
        }
    }

    private static final class Orders extends HttpServlet {

        private static final long serialVersionUID = 1L;

        private final String issuer;
        private final transient JWKSource<SecurityContext> keys;
        private final List<String> verdicts = new CopyOnWriteArrayList<>();

        Orders(String issuer, URL jwks) {
            this.issuer = issuer;
            this.keys = JWKSourceBuilder.create(jwks).retrying(false).build();
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String authorization = request.getHeader("Authorization");
            X509Certificate[] presented = (X509Certificate[]) request.getAttribute("jakarta.servlet.request.X509Certificate");
            if (authorization == null || !authorization.startsWith("Bearer ")) {
                refuse(response, "a bearer token is required");
                return;
            }
            if (presented == null || presented.length == 0) {
                refuse(response, "no client certificate was presented");
                return;
            }
            try {
                DefaultJWTProcessor<SecurityContext> jwt = new DefaultJWTProcessor<>();
                jwt.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256,
                        JWSAlgorithm.PS256), keys));
                JWTClaimsSet claims = jwt.process(authorization.substring("Bearer ".length()), null);
                if (!issuer.equals(claims.getIssuer())) {
                    refuse(response, "the token is from another issuer");
                    return;
                }
                X509CertificateConfirmation bound = X509CertificateConfirmation.parse(claims);
                String thumbprint = Base64URL.encode(MessageDigest.getInstance("SHA-256").digest(presented[0].getEncoded())).toString();
                if (bound == null || !bound.getValue().toString().equals(thumbprint)) {
                    refuse(response, "the token is not bound to the presented certificate (cnf.x5t#S256 "
                            + (bound == null ? "missing" : bound.getValue()) + ")");
                    return;
                }
                verdicts.add("ok " + thumbprint);
                response.setStatus(200);
                response.setContentType("application/json;charset=UTF-8");
                response.getWriter().write(JSONObjectUtils.toJSONString(Map.of("orders", List.of("A-1", "A-2"),
                        "sub", claims.getSubject(), "bound", thumbprint)));
            } catch (Exception e) {
                refuse(response, e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }

        private void refuse(HttpServletResponse response, String why) throws IOException {
            verdicts.add("invalid_token: " + why);
            response.setStatus(401);
            response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            response.setContentType("application/json;charset=UTF-8");
            response.getWriter().write(JSONObjectUtils.toJSONString(Map.of("error", "invalid_token")));
        }
    }
}
