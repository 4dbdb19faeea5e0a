package dev.pkcefilter.internal.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.pkcefilter.FilterSettings;
import dev.pkcefilter.LogCapture;
import dev.pkcefilter.MutableClock;
import dev.pkcefilter.SettingsException;
import dev.pkcefilter.TestSettings;
import dev.pkcefilter.internal.jwt.IdTokenVerifier;
import dev.pkcefilter.internal.settings.Settings;
import dev.pkcefilter.internal.web.LoginFailure;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Discovery against a real HTTP server on loopback that serves crafted metadata. */
class ProviderDiscoveryTest {

    private HttpServer server;
    private String issuer;
    private volatile int status = 200;
    private volatile UnaryOperator<String> edit = UnaryOperator.identity();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger jwksRequests = new AtomicInteger();
    private volatile JWKSet published = new JWKSet();
    private final MutableClock clock = new MutableClock();

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/main";
        server.createContext("/realms/main/.well-known/openid-configuration", exchange -> {
            requests.incrementAndGet();
            byte[] body = edit.apply(metadata()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/realms/main/jwks", exchange -> {
            jwksRequests.incrementAndGet();
            byte[] body = published.toString(true).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String metadata() {
        return "{\"issuer\":\"" + issuer + "\",\"authorization_endpoint\":\"" + issuer + "/auth\",\"token_endpoint\":\""
                + issuer + "/token\",\"jwks_uri\":\"" + issuer + "/jwks\",\"response_types_supported\":[\"code\"],"
                + "\"subject_types_supported\":[\"public\"],\"id_token_signing_alg_values_supported\":[\"RS256\",\"ES256\"],"
                + "\"code_challenge_methods_supported\":[\"plain\",\"S256\"],"
                + "\"token_endpoint_auth_methods_supported\":[\"client_secret_basic\",\"private_key_jwt\"],"
                + "\"authorization_response_iss_parameter_supported\":true}";
    }

    private ProviderDiscovery discovery(String... extra) {
        FilterSettings.Builder builder = FilterSettings.builder().issuer(issuer).clientId("app").clientSecret("secret")
                .clock(clock);
        for (int i = 0; i < extra.length; i += 2) {
            builder.set(extra[i], extra[i + 1]);
        }
        Settings settings = TestSettings.of(builder);
        return new ProviderDiscovery(settings, TestSettings.only(settings));
    }

    @Test
    void discoverWhenMetadataGoodThenEndpointsAndIssParameterSupportAreKnown() throws IOException {
        Provider provider = discovery().discover();
        assertEquals(issuer + "/auth", provider.authorizationEndpoint().toString());
        assertEquals(issuer + "/token", provider.tokenEndpoint().toString());
        assertTrue(provider.sendsIssuerParameter());
    }

    @Test
    void discoverWhenIssuerDiffersThenSettingsErrorNamingBoth() {
        edit = json -> json.replace("\"issuer\":\"" + issuer + "\"", "\"issuer\":\"" + issuer + "/\"");
        SettingsException e = assertThrows(SettingsException.class, () -> discovery().discover());
        assertEquals(List.of("issuer: expected the provider's metadata to name the configured issuer '" + issuer
                + "' exactly, found '" + issuer + "/' (set issuer to the provider's value, trailing slash included)"), e.problems());
    }

    @Test
    void discoverWhenTheProviderRequiresPushedRequestsThenLoginsPushThemAndOtherwiseOnlyWithParAlways() throws IOException {
        String par = "\"pushed_authorization_request_endpoint\":\"" + issuer + "/par\",";
        edit = json -> json.replace("\"jwks_uri\"", par + "\"jwks_uri\"");
        assertEquals(null, discovery().discover().pushEndpoint(), "offered, not required: par=auto does not push");
        assertEquals(issuer + "/par", discovery("par", "always").discover().pushEndpoint().toString());
        edit = json -> json.replace("\"jwks_uri\"", par + "\"require_pushed_authorization_requests\":true,\"jwks_uri\"");
        assertEquals(issuer + "/par", discovery().discover().pushEndpoint().toString(), "required: pushed");
    }

    @Test
    void discoverWhenPushedRequestsAreNeededButTheProviderHasNoEndpointThenRefusedNamingTheKey() {
        assertEquals(List.of("par: expected the provider to have a pushed_authorization_request_endpoint (par=always), found none"),
                assertThrows(SettingsException.class, () -> discovery("par", "always").discover()).problems());
        edit = json -> json.replace("\"jwks_uri\"", "\"require_pushed_authorization_requests\":true,\"jwks_uri\"");
        assertEquals(List.of("par: expected the provider to have a pushed_authorization_request_endpoint (it requires pushed"
                + " authorization requests), found none"), assertThrows(SettingsException.class, () -> discovery().discover()).problems());
    }

    @Test
    void discoverWhenTheFapiProfileMeetsAProviderWithoutParIssOrDpopThenEachGapIsNamed(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path keys) throws Exception {
        java.nio.file.Path key = dev.pkcefilter.TestKeys.write(keys, "ec.jwk",
                new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256).keyID("k1").generate().toJSONString());
        edit = json -> json.replace("\"authorization_response_iss_parameter_supported\":true", "\"request_uri_parameter_supported\":true")
                .replace("\"id_token_signing_alg_values_supported\":[\"RS256\",\"ES256\"]", "\"id_token_signing_alg_values_supported\":[\"RS256\"]");
        FilterSettings.Builder builder = FilterSettings.builder().issuer(issuer).clientId("app").clientAuthMethod("private_key_jwt")
                .clientKey(key.toString()).dpop(true).profile("fapi2-security").clock(clock);
        Settings settings = TestSettings.of(builder);
        List<String> problems = assertThrows(SettingsException.class,
                () -> new ProviderDiscovery(settings, TestSettings.only(settings)).discover()).problems();
        assertEquals(List.of(
                "par: expected the provider to have a pushed_authorization_request_endpoint (par=always), found none",
                "dpop: expected the provider to list ES256 in dpop_signing_alg_values_supported, found none",
                "profile: expected the provider to send iss in its authorization responses"
                        + " (authorization_response_iss_parameter_supported), found it not announced",
                "id-token.algorithms: expected an algorithm shared with the provider's id_token_signing_alg_values_supported"
                        + " [RS256], found none in [PS256, ES256, EdDSA]"), problems);
    }

    /** RFC 8705 §5: a client with a certificate calls the aliases; one without keeps the plain endpoints. */
    @Test
    void discoverWhenTheProviderListsMutualTlsAliasesThenOnlyAClientWithACertificateUsesThem(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws IOException {
        dev.pkcefilter.TestCertificates.Issued certificate = dev.pkcefilter.TestCertificates.selfSigned(dir, "client", "CN=app", null, "EC", 364);
        edit = json -> json.replace("\"jwks_uri\"", "\"userinfo_endpoint\":\"" + issuer + "/userinfo\",\"mtls_endpoint_aliases\":"
                + "{\"token_endpoint\":\"https://mtls.example.com/token\",\"userinfo_endpoint\":\"https://mtls.example.com/userinfo\"},"
                + "\"jwks_uri\"");
        Provider plain = discovery().discover();
        assertEquals(issuer + "/token", plain.tokenEndpoint().toString());
        Provider withCertificate = discovery("client.tls.certificate", certificate.pem().toString(), "userinfo.enabled", "true").discover();
        assertEquals("https://mtls.example.com/token", withCertificate.tokenEndpoint().toString());
        assertEquals("https://mtls.example.com/userinfo", withCertificate.userInfoEndpoint().toString());
        assertEquals(certificate.certificate(), withCertificate.tls().certificate().certificate());
    }

    /** The filter's clock decides: the provider would refuse an expired certificate in a handshake that says nothing. */
    @Test
    void discoverWhenTheClientCertificateIsNotValidByTheFiltersClockThenRefusedWithItsValidity(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) {
        dev.pkcefilter.TestCertificates.Issued certificate = dev.pkcefilter.TestCertificates.selfSigned(dir, "client", "CN=app", null, "EC", 364);
        edit = json -> json.replace("\"jwks_uri\"", "\"mtls_endpoint_aliases\":{\"token_endpoint\":\"https://mtls.example.com/token\"},"
                + "\"jwks_uri\"");
        clock.advance(java.time.Duration.ofDays(5));
        List<String> problems = assertThrows(SettingsException.class,
                () -> discovery("client.tls.certificate", certificate.pem().toString()).discover()).problems();
        assertEquals(List.of("client.tls.certificate: expected a certificate valid now (" + clock.instant() + "), found one valid from "
                + certificate.certificate().getNotBefore().toInstant() + " until " + certificate.certificate().getNotAfter().toInstant()),
                problems);
    }

    /** Over plain http no certificate can be presented: mutual TLS would fail there, and tokens would be unbound. */
    @Test
    void discoverWhenAClientWithACertificateWouldCallAPlainHttpEndpointThenRefusedNamingIt(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) {
        dev.pkcefilter.TestCertificates.Issued certificate = dev.pkcefilter.TestCertificates.selfSigned(dir, "client", "CN=app", null, "EC", 364);
        List<String> problems = assertThrows(SettingsException.class,
                () -> discovery("client.tls.certificate", certificate.pem().toString()).discover()).problems();
        assertEquals(List.of("client.tls.certificate: expected the provider's token_endpoint (or its mtls_endpoint_aliases entry)"
                + " on https, where the certificate can be presented, found " + issuer + "/token"), problems);
    }

    /** The profile with mutual TLS and without DPoP: the provider must bind tokens to the certificate, and list the method. */
    @Test
    void discoverWhenTheFapiProfileUsesMutualTlsThenTheProviderMustBindTokensToTheCertificate(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) {
        dev.pkcefilter.TestCertificates.Issued certificate = dev.pkcefilter.TestCertificates.selfSigned(dir, "client", "CN=app", null, "EC", 364);
        edit = json -> json.replace("\"jwks_uri\"", "\"pushed_authorization_request_endpoint\":\"https://mtls.example.com/par\","
                + "\"mtls_endpoint_aliases\":{\"token_endpoint\":\"https://mtls.example.com/token\"},\"jwks_uri\"");
        FilterSettings.Builder builder = FilterSettings.builder().issuer(issuer).clientId("app").clientAuthMethod("tls_client_auth")
                .clientTlsCertificate(certificate.pem().toString()).profile("fapi2-security").clock(clock);
        Settings settings = TestSettings.of(builder);
        List<String> problems = assertThrows(SettingsException.class,
                () -> new ProviderDiscovery(settings, TestSettings.only(settings)).discover()).problems();
        assertEquals(List.of(
                "profile: expected the provider to list tls_client_auth in token_endpoint_auth_methods_supported, found"
                        + " [client_secret_basic, private_key_jwt]",
                "profile: expected the provider to bind access tokens to the client certificate"
                        + " (tls_client_certificate_bound_access_tokens), found it not announced (or set dpop=true)"), problems);
    }

    @Test
    void discoverWhenS256NotOfferedThenRefusedAsDowngrade() {
        edit = json -> json.replace("[\"plain\",\"S256\"]", "[\"plain\"]");
        SettingsException e = assertThrows(SettingsException.class, () -> discovery().discover());
        assertEquals(List.of("issuer: expected the provider to support PKCE method S256 (code_challenge_methods_supported),"
                + " found [plain]: refusing a PKCE downgrade"), e.problems());
    }

    @Test
    void discoverWhenPkceMethodsNotListedThenAccepted() throws IOException {
        edit = json -> json.replace("\"code_challenge_methods_supported\":[\"plain\",\"S256\"],", "");
        assertEquals(issuer + "/token", discovery().discover().tokenEndpoint().toString());
    }

    @Test
    void discoverWhenNoSharedAlgorithmThenSettingsErrorNamesBothLists() {
        SettingsException e = assertThrows(SettingsException.class, () -> discovery("id-token.algorithms", "PS256").discover());
        assertEquals(List.of("id-token.algorithms: expected an algorithm shared with the provider's"
                + " id_token_signing_alg_values_supported [RS256, ES256], found none in [PS256]"), e.problems());
    }

    @Test
    void discoverWhenDocumentIsNotMetadataThenSettingsError() {
        edit = json -> "{\"hello\":\"world\"}";
        SettingsException e = assertThrows(SettingsException.class, () -> discovery().discover());
        assertTrue(e.problems().get(0).startsWith("issuer: expected a valid OpenID Provider discovery document at"), e.getMessage());
    }

    @Test
    void discoverWhenServerErrorThenUnreachableNotASettingsError() {
        status = 503;
        IOException e = assertThrows(IOException.class, () -> discovery().discover());
        assertTrue(e.getMessage().endsWith("answered HTTP 503"), e.getMessage());
    }

    @Test
    void discoverWhenAuthMethodNotListedThenOneWarningAndKept() throws IOException {
        try (LogCapture log = new LogCapture()) {
            discovery("client.auth-method", "client_secret_post").discover();
            List<String> warnings = log.warnings();
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains("client.auth-method is client_secret_post but the provider's"
                    + " token_endpoint_auth_methods_supported lists"), warnings.get(0));
        }
    }

    private String idToken(RSAKey key, String nonce) throws Exception {
        long now = clock.millis();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).subject("alice").audience("app")
                .issueTime(new Date(now)).expirationTime(new Date(now + 300_000)).claim("nonce", nonce).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private String es256Token(ECKey key, JWTClaimsSet claims, String type) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
                .type(type == null ? null : new JOSEObjectType(type)).build(), claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    @Test
    void verifyWhenAnIdTokenIsSignedWithAnAlgorithmTheClientDidNotRegisterThenRefusedNamingBoth() throws Exception {
        // The provider offers RS256 and ES256 and publishes an ES256 key; the client is registered for RS256 (the default).
        ECKey providerKey = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        published = new JWKSet(providerKey.toPublicJWK());
        long now = clock.millis();
        String token = es256Token(providerKey, new JWTClaimsSet.Builder().issuer(issuer).subject("alice").audience("app")
                .issueTime(new Date(now)).expirationTime(new Date(now + 300_000)).claim("nonce", "n").build(), null);
        LoginFailure refused = assertThrows(LoginFailure.class, () -> discovery().discover().idTokenVerifier().verify(token, "n"));
        assertEquals("the ID token is signed with ES256, but the client is registered for RS256 (id-token.algorithms)",
                refused.getMessage());
        assertEquals(0, jwksRequests.get(), "refused before any key is looked up");

        assertEquals("alice", discovery("id-token.algorithms", "ES256").discover().idTokenVerifier().verify(token, "n")
                .getSubject().getValue(), "registered for ES256: accepted");
    }

    @Test
    void verifyWhenALogoutTokenIsSignedWithAnAlgorithmTheClientDidNotRegisterThenRefusedNamingBoth() throws Exception {
        ECKey providerKey = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        published = new JWKSet(providerKey.toPublicJWK());
        long now = clock.millis();
        String token = es256Token(providerKey, new JWTClaimsSet.Builder().issuer(issuer).subject("alice").audience("app")
                .issueTime(new Date(now)).expirationTime(new Date(now + 120_000)).jwtID("j-1")
                .claim("events", java.util.Map.of("http://schemas.openid.net/event/backchannel-logout", java.util.Map.of()))
                .build(), "logout+jwt");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> discovery().discover().logoutTokenVerifier().verify(token, now));
        assertEquals("the logout token is signed with ES256, but the client is registered for RS256 (id-token.algorithms)",
                refused.getMessage());
        assertEquals("alice", discovery("id-token.algorithms", "ES256").discover().logoutTokenVerifier().verify(token, now)
                .getSubject().getValue());
    }

    @Test
    void verifyWhenTheHeaderNamesAnAlgorithmNoOneKnowsThenItIsNotEchoed() throws Exception {
        String header = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"alg\":\"X\\r\\nforged log line\"}".getBytes(StandardCharsets.UTF_8));
        String token = header + ".eyJzdWIiOiJhIn0.c2ln";
        LoginFailure refused = assertThrows(LoginFailure.class, () -> discovery().discover().idTokenVerifier().verify(token, "n"));
        assertEquals("the ID token is signed with an unknown algorithm, but the client is registered for RS256 (id-token.algorithms)",
                refused.getMessage());
    }

    @Test
    void discoverWhenTheProviderDoesNotOfferTheRegisteredAlgorithmThenStartupFailsNamingIt() {
        edit = json -> json.replace("[\"RS256\",\"ES256\"]", "[\"ES256\"]");
        SettingsException e = assertThrows(SettingsException.class, () -> discovery().discover());
        assertEquals(List.of("id-token.algorithms: expected an algorithm shared with the provider's"
                + " id_token_signing_alg_values_supported [ES256], found none in [RS256]"), e.problems());
    }

    @Test
    void keysWhenManyLoginsThenFetchedOnceAndAgainOnlyForAnUnknownKid() throws Exception {
        RSAKey first = new RSAKeyGenerator(2048).keyID("k1").generate();
        RSAKey second = new RSAKeyGenerator(2048).keyID("k2").generate();
        published = new JWKSet(first.toPublicJWK());
        IdTokenVerifier verifier = discovery().discover().idTokenVerifier();
        for (int i = 0; i < 50; i++) {
            verifier.verify(idToken(first, "n" + i), "n" + i);
        }
        assertEquals(1, jwksRequests.get(), "one fetch for 50 logins");

        // Key rotation: a token with a kid not seen yet triggers exactly one refetch.
        published = new JWKSet(List.of(first.toPublicJWK(), second.toPublicJWK()));
        verifier.verify(idToken(second, "r"), "r");
        assertEquals(2, jwksRequests.get());
        for (int i = 0; i < 50; i++) {
            verifier.verify(idToken(second, "m" + i), "m" + i);
        }
        assertEquals(2, jwksRequests.get());

        // A kid the provider never publishes cannot make us hammer it: refetches are rate-limited.
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("k3").generate();
        for (int i = 0; i < 5; i++) {
            String token = idToken(stranger, "s");
            assertThrows(LoginFailure.class, () -> verifier.verify(token, "s"));
        }
        assertTrue(jwksRequests.get() <= 3, "at most one refetch for unknown kids: " + jwksRequests.get());
    }

    @Test
    void availabilityWhenProviderAnswersThenDiscoveredOnceAndReused() {
        Settings settings = TestSettings.of(FilterSettings.builder().issuer(issuer).clientId("app").clientSecret("secret"));
        ProviderAvailability availability = new ProviderAvailability(new ProviderDiscovery(settings, TestSettings.only(settings))::discover,
                settings.clock(), issuer);
        availability.discoverAtStartup();
        for (int i = 0; i < 100; i++) {
            assertTrue(availability.current().isPresent());
        }
        assertEquals(1, requests.get());
        assertFalse(settings.toString().contains("secret\""));
    }
}
