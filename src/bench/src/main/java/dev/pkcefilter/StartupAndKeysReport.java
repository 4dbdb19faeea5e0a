package dev.pkcefilter;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.pkcefilter.internal.jwt.IdTokenVerifier;
import dev.pkcefilter.internal.provider.ProviderDiscovery;
import dev.pkcefilter.jakarta.PkceFilter;
import java.util.Date;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Two numbers the benchmarks can't give: how long the filter takes to start (settings and discovery
 * against a loopback provider, first in a fresh JVM, then warm), and how often the provider's JWKS
 * is fetched over 10,000 logins (ID token verifications through the discovered provider).
 * Run: {@code java -cp src/bench/target/benchmarks.jar dev.pkcefilter.StartupAndKeysReport}.
 */
public final class StartupAndKeysReport {

    private StartupAndKeysReport() {
    }

    public static void main(String[] args) throws Exception {
        Logger.getLogger("dev.pkcefilter").setLevel(Level.WARNING);
        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
        try (LocalOpenIdProvider provider = new LocalOpenIdProvider(new JWKSet(key.toPublicJWK()))) {
            long coldStart = System.nanoTime();
            PkceFilter cold = BenchFilters.started(BenchFilters.settings(provider.issuer()));
            long coldMillis = (System.nanoTime() - coldStart) / 1_000_000;
            cold.destroy();
            long warmTotal = 0;
            for (int i = 0; i < 20; i++) {
                long start = System.nanoTime();
                BenchFilters.started(BenchFilters.settings(provider.issuer())).destroy();
                warmTotal += System.nanoTime() - start;
            }
            System.out.println("filter startup (settings + discovery), first in this JVM: " + coldMillis + " ms");
            System.out.println("filter startup, warm average of 20:                       " + warmTotal / 20 / 1000 + " µs");

            FilterSettings settings = BenchFilters.settings(provider.issuer());
            IdTokenVerifier verifier = new ProviderDiscovery(settings.internal(), settings.internal().registrations().get(0)).discover().idTokenVerifier();
            int logins = 10_000;
            for (int i = 0; i < logins; i++) {
                verifier.verify(idToken(key, provider.issuer(), "n" + i), "n" + i);
            }
            System.out.println("JWKS fetches over " + logins + " logins with one key:          " + provider.jwksFetches.get());
        }
    }

    private static String idToken(RSAKey key, String issuer, String nonce) throws Exception {
        long now = System.currentTimeMillis();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer(issuer).subject("alice").audience("bench").issueTime(new Date(now))
                        .expirationTime(new Date(now + 300_000)).claim("nonce", nonce).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
