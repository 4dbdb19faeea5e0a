package dev.pkcefilter.testbed;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.dpop.JWKThumbprintConfirmation;
import com.nimbusds.oauth2.sdk.dpop.verifiers.DPoPIssuer;
import com.nimbusds.oauth2.sdk.dpop.verifiers.DPoPProtectedResourceRequestVerifier;
import com.nimbusds.oauth2.sdk.dpop.verifiers.DefaultDPoPSingleUseChecker;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.openid.connect.sdk.Nonce;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A small API that accepts only DPoP-bound access tokens (RFC 9449 §7): {@code GET /orders} checks the access token
 * (a JWT signed by the provider's published keys), then the {@code DPoP} proof with Nimbus's verifier: method,
 * URL, the token's hash ({@code ath}), a {@code jti} never seen before, and the proof key's thumbprint against the
 * token's {@code cnf.jkt}. With {@link #requireNonce} it first answers {@code use_dpop_nonce} (§9), as a resource
 * server may. Runs on Jetty, on 127.0.0.1.
 */
public final class DpopResourceServer implements AutoCloseable {

    private final Server server;
    private final int port;
    private final Orders orders;

    private DpopResourceServer(Server server, int port, Orders orders) {
        this.server = server;
        this.port = port;
        this.orders = orders;
    }

    /**
     * @param issuer the provider whose access tokens the API takes; its keys are at {@code <issuer>/oauth2/jwks}
     * @throws IllegalStateException when Jetty cannot start
     */
    public static DpopResourceServer start(String issuer) {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        Orders orders = new Orders(issuer);
        context.addServlet(new ServletHolder(orders), "/orders");
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("the resource server could not start", e);
        }
        return new DpopResourceServer(server, connector.getLocalPort(), orders);
    }

    /** @return {@code http://127.0.0.1:<port>/orders} */
    public URI ordersUri() {
        return URI.create("http://127.0.0.1:" + port + "/orders");
    }

    /** @param required whether, from now on, a proof without this server's current nonce gets 401 {@code use_dpop_nonce} */
    public void requireNonce(boolean required) {
        orders.nonce = required ? new Nonce() : null;
    }

    /** @return every verdict so far, oldest first: {@code ok}, or why a call was refused */
    public List<String> verdicts() {
        return List.copyOf(orders.verdicts);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    private static final class Orders extends HttpServlet {

        private static final long serialVersionUID = 1L;

        private final transient JWKSource<SecurityContext> keys;
        private final String issuer;
        private final transient DPoPProtectedResourceRequestVerifier proofs = new DPoPProtectedResourceRequestVerifier(
                Set.of(JWSAlgorithm.ES256, JWSAlgorithm.PS256, JWSAlgorithm.RS256), 60, new DefaultDPoPSingleUseChecker(120, 60));
        private final List<String> verdicts = new CopyOnWriteArrayList<>();
        private volatile transient Nonce nonce;

        Orders(String issuer) {
            this.issuer = issuer;
            try {
                this.keys = JWKSourceBuilder.create(new URL(issuer + "/oauth2/jwks")).retrying(false).build();
            } catch (java.net.MalformedURLException e) {
                throw new IllegalArgumentException("not an issuer URL: " + issuer, e);
            }
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String authorization = request.getHeader("Authorization");
            String proof = request.getHeader("DPoP");
            if (authorization == null || !authorization.startsWith("DPoP ") || proof == null) {
                refuse(response, "invalid_token", "a DPoP-bound token and a proof are required");
                return;
            }
            String token = authorization.substring("DPoP ".length());
            try {
                DefaultJWTProcessor<SecurityContext> jwt = new DefaultJWTProcessor<>();
                jwt.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
                JWTClaimsSet claims = jwt.process(token, null);
                if (!issuer.equals(claims.getIssuer())) {
                    refuse(response, "invalid_token", "the token is from another issuer");
                    return;
                }
                JWKThumbprintConfirmation bound = JWKThumbprintConfirmation.parse(claims);
                if (bound == null) {
                    refuse(response, "invalid_token", "the token is not bound to a key (no cnf.jkt)");
                    return;
                }
                Nonce expected = nonce;
                String clientId = claims.getStringClaim("client_id");
                proofs.verify("GET", URI.create(request.getRequestURL().toString()), new DPoPIssuer(new ClientID(
                        clientId == null ? "unknown" : clientId)), SignedJWT.parse(proof), new DPoPAccessToken(token), bound,
                        expected);
                verdicts.add("ok");
                response.setStatus(200);
                response.setContentType("application/json;charset=UTF-8");
                response.getWriter().write(JSONObjectUtils.toJSONString(Map.of("orders", List.of("A-1", "A-2"),
                        "sub", claims.getSubject())));
            } catch (com.nimbusds.oauth2.sdk.dpop.verifiers.InvalidDPoPProofException e) {
                if (nonce != null && String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("nonce")) {
                    response.setHeader("DPoP-Nonce", nonce.getValue());
                    refuse(response, "use_dpop_nonce", "a nonce is required");
                } else {
                    refuse(response, "invalid_dpop_proof", e.getMessage());
                }
            } catch (Exception e) {
                refuse(response, "invalid_token", e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }

        private void refuse(HttpServletResponse response, String error, String why) throws IOException {
            verdicts.add(error + ": " + why);
            response.setStatus(401);
            response.setHeader("WWW-Authenticate", "DPoP error=\"" + error + "\", algs=\"ES256 PS256 RS256\"");
            response.setContentType("application/json;charset=UTF-8");
            response.getWriter().write(JSONObjectUtils.toJSONString(Map.of("error", error)));
        }
    }
}
