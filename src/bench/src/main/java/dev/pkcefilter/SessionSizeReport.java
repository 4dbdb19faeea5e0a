package dev.pkcefilter;

import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.Nonce;
import dev.pkcefilter.internal.login.PendingLogin;
import dev.pkcefilter.internal.login.PendingLoginStore;
import dev.pkcefilter.internal.session.SessionTokens;
import dev.pkcefilter.internal.session.TokenHolder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prints how many bytes the filter adds to a session when it is serialized (replication,
 * persistence): the store that holds one or two pending logins, and a signed-in user with typical
 * claims, tokens counted apart. Run: {@code java -cp src/bench/target/benchmarks.jar dev.pkcefilter.SessionSizeReport}.
 */
public final class SessionSizeReport {

    private SessionSizeReport() {
    }

    public static void main(String[] args) throws IOException {
        long now = System.currentTimeMillis();
        PendingLogin login = new PendingLogin(new State().getValue(), "default", new Nonce().getValue(), new CodeVerifier().getValue(),
                "https://app.example.com/oauth2/callback", "/reports/q3?year=2026", now, false);
        PendingLoginStore store = new PendingLoginStore(10, 600_000);
        store.add(login, now);
        PendingLoginStore two = new PendingLoginStore(10, 600_000);
        two.add(login, now);
        two.add(new PendingLogin(new State().getValue(), "default", new Nonce().getValue(), new CodeVerifier().getValue(),
                "https://app.example.com/oauth2/callback", "/", now, false), now);

        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", "https://login.example.com/realms/main");
        claims.put("sub", "f3b1c6e2-8a4d-4a57-9d0b-2c1e0f6a7b88");
        claims.put("aud", "orders-app");
        claims.put("exp", now / 1000 + 300);
        claims.put("iat", now / 1000);
        claims.put("auth_time", now / 1000);
        claims.put("nonce", new Nonce().getValue());
        claims.put("sid", "8d2c4e6f-1a3b-4c5d-9e7f-0a1b2c3d4e5f");
        claims.put("email", "alice@example.com");
        claims.put("name", "Alice Example");
        SignedInUser user = new SignedInUser("f3b1c6e2-8a4d-4a57-9d0b-2c1e0f6a7b88", "https://login.example.com/realms/main",
                claims, new java.util.LinkedHashSet<>(java.util.Arrays.asList("staff", "orders-reader")), now + 3_600_000);
        // Tokens as a provider issues them: an RS256 JWT over these claims (ID token) or fewer (access token), and an
        // opaque refresh token; the signatures and the refresh token are random, as they are to a compressor.
        String idToken = jwt(com.nimbusds.jose.util.JSONObjectUtils.toJSONString(claims));
        String accessToken = jwt("{\"iss\":\"https://login.example.com/realms/main\",\"sub\":\"f3b1c6e2-8a4d-4a57-9d0b-"
                + "2c1e0f6a7b88\",\"aud\":\"orders-api\",\"scope\":\"openid profile email\",\"exp\":" + (now / 1000 + 300) + "}");
        TokenHolder tokens = new TokenHolder(new SessionTokens(accessToken, base64Url(random(96)), idToken, now));

        System.out.println("pending-login store with 1 login  " + size(store) + " bytes");
        System.out.println("pending-login store with 2 logins " + size(two) + " bytes (" + (size(two) - size(store))
                + " per additional login)");
        System.out.println("signed-in user (10 claims)        " + size(user) + " bytes");
        System.out.println("tokens (" + accessToken.length() + " B access, " + idToken.length() + " B ID token, 128 B refresh, "
                + (accessToken.length() + idToken.length() + 128) + " B in all) " + size(tokens) + " bytes");
        retainedHeap();
    }

    /**
     * Heap retained by login starts through the real filter: sessions that started one, two and
     * three logins, against empty sessions. Approximate (used heap after GC), so counted over many.
     */
    private static void retainedHeap() {
        try (LocalOpenIdProvider provider = BenchFilters.provider()) {
            dev.pkcefilter.jakarta.PkceFilter filter = BenchFilters.started(BenchFilters.settings(provider.issuer()));
            int sessions = 20_000;
            long empty = heapFor(sessions, 0, filter);
            long one = heapFor(sessions, 1, filter);
            long two = heapFor(sessions, 2, filter);
            long three = heapFor(sessions, 3, filter);
            System.out.println("heap retained by a session's first pending login (store included) " + (one - empty) / sessions + " bytes");
            System.out.println("heap retained by each further pending login                      " + (three - one) / (2L * sessions)
                    + " bytes (second: " + (two - one) / sessions + ")");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long heapFor(int sessions, int loginsEach, dev.pkcefilter.jakarta.PkceFilter filter) throws Exception {
        BenchSession[] kept = new BenchSession[sessions];
        long before = usedAfterGc();
        for (int i = 0; i < sessions; i++) {
            kept[i] = new BenchSession();
            BenchExchange.Request request = new BenchExchange.Request("/reports/q3", kept[i]);
            for (int login = 0; login < loginsEach; login++) {
                filter.doFilter(request, new BenchExchange.Response(), (req, res) -> { });
            }
        }
        long used = usedAfterGc() - before;
        if (kept[sessions - 1] == null) {
            throw new IllegalStateException("keeps the sessions reachable until measured");
        }
        return used;
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static String jwt(String claimsJson) {
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d\"}";
        return base64Url(header.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "."
                + base64Url(claimsJson.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + base64Url(random(256));
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        new java.security.SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static String base64Url(byte[] bytes) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static int size(Serializable value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.size();
    }
}
