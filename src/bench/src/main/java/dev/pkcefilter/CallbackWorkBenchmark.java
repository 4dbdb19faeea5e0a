package dev.pkcefilter;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import dev.pkcefilter.internal.client.ClientAssertions;
import dev.pkcefilter.internal.jwt.IdTokenVerifier;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The callback's CPU work without the network: ID token verification (cached keys) and a private_key_jwt assertion. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CallbackWorkBenchmark {

    private static final String ISSUER = "https://idp.example.com";

    private IdTokenVerifier verifier;
    private String rs256Token;
    private String es256Token;
    private ClientAssertions rsaAssertions;
    private ClientAssertions ecAssertions;

    @Setup
    public void keys() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa").generate();
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec").generate();
        verifier = new IdTokenVerifier(new Issuer(ISSUER), new ClientID("bench"),
                new HashSet<>(Arrays.asList(JWSAlgorithm.RS256, JWSAlgorithm.ES256)),
                new ImmutableJWKSet<>(new JWKSet(Arrays.<JWK>asList(rsa.toPublicJWK(), ec.toPublicJWK()))), 60,
                Clock.systemUTC());
        rs256Token = idToken(JWSAlgorithm.RS256, "rsa", new RSASSASigner(rsa));
        es256Token = idToken(JWSAlgorithm.ES256, "ec", new ECDSASigner(ec));
        rsaAssertions = assertions(keySettings(rsa));
        ecAssertions = assertions(keySettings(ec));
    }

    private static String idToken(JWSAlgorithm alg, String kid, JWSSigner signer) throws Exception {
        long now = System.currentTimeMillis();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).build(), new JWTClaimsSet.Builder().issuer(ISSUER)
                .subject("alice").audience("bench").issueTime(new Date(now)).expirationTime(new Date(now + 3_600_000))
                .claim("nonce", "n").build());
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static FilterSettings keySettings(JWK key) throws Exception {
        Path file = Files.createTempFile("bench-key", ".jwk");
        Files.write(file, key.toJSONString().getBytes("UTF-8"));
        file.toFile().deleteOnExit();
        return FilterSettings.builder().issuer(ISSUER).clientId("bench").clientAuthMethod("private_key_jwt")
                .clientKey(file.toString()).set("external.base-url", "https://app.example.com").build();
    }

    @Benchmark
    public Object verifyIdTokenRs256() throws Exception {
        return verifier.verify(rs256Token, "n");
    }

    @Benchmark
    public Object verifyIdTokenEs256() throws Exception {
        return verifier.verify(es256Token, "n");
    }

    @Benchmark
    public Object privateKeyJwtAssertionRs256() {
        return rsaAssertions.forTokenCall(URI.create(ISSUER), URI.create(ISSUER + "/token"));
    }

    @Benchmark
    public Object privateKeyJwtAssertionEs256() {
        return ecAssertions.forTokenCall(URI.create(ISSUER), URI.create(ISSUER + "/token"));
    }

    private static ClientAssertions assertions(FilterSettings settings) {
        return new ClientAssertions(settings.internal(), settings.internal().registrations().get(0));
    }
}
