package dev.pkcefilter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.pkcefilter.internal.login.PendingLogin;
import dev.pkcefilter.internal.session.SessionTokens;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every value that holds secret material shows none of it in {@code toString()}. */
class SecretFreeTextTest {

    private static final String SECRET = "SECRET-MATERIAL-1234567890";

    @Test
    void toStringWhenTokensHeldThenNoneShown() {
        String shown = new SessionTokens(SECRET + "a", SECRET + "r", SECRET + "i", 0).toString();
        assertFalse(shown.contains(SECRET), shown);
    }

    @Test
    void toStringWhenPendingLoginHeldThenNoStateNonceOrVerifierShown() {
        String shown = new PendingLogin(SECRET + "s", "default", SECRET + "n", SECRET + "v", "https://app/cb", "/", 1, false).toString();
        assertFalse(shown.contains(SECRET), shown);
    }

    @Test
    void toStringWhenADpopKeyIsHeldThenItsPrivatePartIsNotShown() throws Exception {
        dev.pkcefilter.internal.dpop.DpopKey key = dev.pkcefilter.internal.dpop.DpopKey.generate();
        String privatePart = com.nimbusds.jose.jwk.ECKey.parse(key.toJson()).getD().toString();
        for (Object holder : new Object[] {key, new SessionTokens("a", "r", "i", 0, key.toJson()),
                new PendingLogin("s", "default", "n", "v", "https://app/cb", "/", 1, false, "binding", key.toJson())}) {
            assertFalse(holder.toString().contains(privatePart), holder.toString());
        }
    }

    @Test
    void toStringWhenSettingsHoldASecretThenMasked() {
        String shown = FilterSettings.builder().issuer("https://idp.example.com").set("proxy.allowed-hosts", "app.example.com").clientId("app").clientSecret(SECRET).build()
                .toString();
        assertFalse(shown.contains(SECRET), shown);
    }

    @Test
    void toStringWhenUserHasClaimsThenShowsSubjectAndIssuerOnly() {
        SignedInUser user = new SignedInUser("alice", "https://idp", Map.of("at_hash", SECRET));
        assertEquals("SignedInUser[subject=alice, issuer=https://idp]", user.toString());
    }

    @Test
    void serializeWhenUserHasNestedClaimsThenRoundTripsEqual() throws Exception {
        SignedInUser user = new SignedInUser("alice", "https://idp",
                Map.of("realm_access", Map.of("roles", List.of("admin", "user")), "email_verified", true, "exp", 1700000000L));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(user);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(user, in.readObject());
        }
    }
}
