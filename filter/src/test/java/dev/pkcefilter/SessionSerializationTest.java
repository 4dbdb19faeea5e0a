package dev.pkcefilter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkcefilter.internal.login.PendingLogin;
import dev.pkcefilter.internal.login.PendingLoginStore;
import dev.pkcefilter.internal.session.SessionTokens;
import dev.pkcefilter.internal.session.TokenHolder;
import dev.pkcefilter.internal.web.SerialForm;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.InvalidObjectException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The serialized forms of what the filter keeps in a session, as a shared session store writes and
 * reads them on every request: everything comes back, and the forms hold strings, not object graphs.
 */
class SessionSerializationTest {

    private static final String LONG_TOKEN = new String(new char[70_000]).replace('\0', 't');

    @Test
    void serializeWhenUserSignedInThenSubjectRolesLogoutFieldsAndClaimsComeBack() throws Exception {
        Map<String, Object> claims = Map.of("sub", "alice", "sid", "provider-session-1", "iat", 1_700_000_000L,
                "realm_access", Map.of("roles", List.of("staff", "orders-reader")), "email_verified", true, "score", 1.5);
        SignedInUser user = new SignedInUser("alice", "https://idp", claims,
                new LinkedHashSet<>(List.of("staff", "orders-reader")), 1_700_003_600_000L);

        SignedInUser copy = roundTrip(user);

        assertEquals("alice", copy.subject());
        assertEquals("https://idp", copy.issuer());
        assertEquals(List.of("staff", "orders-reader"), List.copyOf(copy.roles()));
        assertEquals(1_700_003_600_000L, copy.notAfterMillis());
        assertEquals("provider-session-1", copy.sessionId());
        assertEquals(1_700_000_000L, copy.issuedAtSeconds());
        assertEquals(claims, copy.claims());
        assertEquals(user, copy);
    }

    @Test
    void serializeWhenUserHasNoSidOrIatThenTheyStayAbsent() throws Exception {
        SignedInUser copy = roundTrip(new SignedInUser("bob", "https://idp", Map.of("name", "Bob")));
        assertNull(copy.sessionId());
        assertEquals(0, copy.issuedAtSeconds());
        assertEquals(Map.of("name", "Bob"), copy.claims());
    }

    @Test
    void serializeWhenUserHasManyClaimsThenTheFormIsSmallerThanTheirJson() throws Exception {
        Map<String, Object> claims = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            claims.put("claim_" + i, "https://idp.example.com/groups/engineering/platform/" + i);
        }
        String json = com.nimbusds.jose.util.JSONObjectUtils.toJSONString(claims);
        byte[] form = SerialStreams.write(new SignedInUser("alice", "https://idp", claims));
        String text = new String(form, StandardCharsets.ISO_8859_1);
        assertFalse(text.contains("java.util"), "no collection classes in the form");
        assertTrue(form.length < json.length() / 2, form.length + " bytes for " + json.length() + " of JSON");
        assertEquals(claims, ((SignedInUser) SerialStreams.read(form)).claims());
    }

    @Test
    void serializeWhenTokensHeldThenAllComeBackIncludingTokensOver64Kb() throws Exception {
        TokenHolder holder = new TokenHolder(new SessionTokens(LONG_TOKEN, null, "id.token.value", 1_700_000_300_000L));
        TokenHolder read = roundTrip(holder);
        assertEquals("TokenHolder[(packed)]", read.toString());
        // Written again before anyone looked at the tokens (a store saving the whole session): still all there.
        SessionTokens copy = roundTrip(read).current();
        assertEquals(LONG_TOKEN, copy.accessToken());
        assertNull(copy.refreshToken());
        assertEquals("id.token.value", copy.idToken());
        assertEquals(1_700_000_300_000L, copy.accessTokenExpiresAtMillis());
        assertTrue(SerialStreams.write(holder).length < LONG_TOKEN.length() / 10, "deflated");
    }

    @Test
    void serializeWhenTokensAreDpopBoundThenTheKeyTravelsWithThemAndStillSignsProofs() throws Exception {
        dev.pkcefilter.internal.dpop.DpopKey key = dev.pkcefilter.internal.dpop.DpopKey.generate();
        SessionTokens copy = roundTrip(new TokenHolder(new SessionTokens("at", "rt", "id", 5, key.toJson()))).current();
        // Another node that gets the session makes proofs with the same key, so the bound tokens keep working there.
        assertEquals(key.thumbprint(), dev.pkcefilter.internal.dpop.DpopKey.fromJson(copy.proofKey()).thumbprint());
        assertEquals("at", copy.accessToken());
        PendingLoginStore pending = new PendingLoginStore(3, 600_000);
        pending.add(new PendingLogin("s1", "default", "n1", "v1", "https://app/cb", "/", 10, false, null, key.toJson()), 10);
        PendingLogin login = roundTrip(pending).take("s1", 11).login;
        assertEquals(key.thumbprint(), login.proofKey().thumbprint(), "the code's key survives a node change too");
    }

    @Test
    void currentWhenReplacedInADeserializedCopyThenTheFreshTokensWin() throws Exception {
        TokenHolder read = roundTrip(new TokenHolder(new SessionTokens("a1", "r1", "i1", 1)));
        read.replace(new SessionTokens("a2", "r2", "i1", 2));
        assertEquals("a2", read.current().accessToken());
        assertEquals("a2", roundTrip(read).current().accessToken());
    }

    @Test
    void serializeWhenPendingLoginsHeldThenEachComesBackInOrderAndTakesOnce() throws Exception {
        PendingLoginStore store = new PendingLoginStore(3, 600_000);
        store.add(new PendingLogin("s1", "default", "n1", "v1", "https://app/cb", "/a?x=é", 10, true), 10);
        store.add(new PendingLogin("s2", "default", "n2", "v2", "https://app/cb", "/b", 20, false), 20);
        PendingLoginStore copy = roundTrip(store);

        PendingLogin first = copy.take("s1", 30).login;
        assertEquals("n1", first.nonce());
        assertEquals("v1", first.codeVerifier());
        assertEquals("https://app/cb", first.redirectUri());
        assertEquals("/a?x=é", first.returnTo());
        assertEquals(10, first.createdAtMillis());
        assertTrue(first.stepUp(), "the step-up flag comes back");
        assertEquals(PendingLoginStore.Outcome.UNKNOWN, copy.take("s1", 30).outcome);
        copy.add(new PendingLogin("s3", "default", "n3", "v3", "https://app/cb", "/", 40, false), 40);
        copy.add(new PendingLogin("s4", "default", "n4", "v4", "https://app/cb", "/", 50, false), 50);
        copy.add(new PendingLogin("s5", "default", "n5", "v5", "https://app/cb", "/", 60, false), 60);
        assertEquals(PendingLoginStore.Outcome.UNKNOWN, copy.take("s2", 70).outcome, "the capacity came back too: the oldest left");
        assertEquals(3, copy.size());
    }

    @Test
    void readWhenAStoreHandsBackARoleWithoutANameThenInvalidObject() throws Exception {
        SignedInUser user = new SignedInUser("a", "i", Map.of(), new LinkedHashSet<>(List.of("r")), 0);
        byte[] packedClaims = SerialForm.pack("{}");
        // subject, issuer, name, claims, one role, the end of session, no sid, no iat: as Form.writeObject writes them
        int written = 5 + 5 + 5 + 4 + packedClaims.length + 4 + 5 + 8 + 4 + 8;
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(data);
        SerialForm.writeString(out, "a");
        SerialForm.writeString(out, "i");
        SerialForm.writeString(out, "a");
        SerialForm.writeBytes(out, packedClaims);
        out.writeInt(1);
        SerialForm.writeString(out, null);
        out.writeLong(0);
        SerialForm.writeString(out, null);
        out.writeLong(0);
        byte[] forged = SerialStreams.withCustomData(SerialStreams.write(user), written, data.toByteArray());
        InvalidObjectException refused = assertThrows(InvalidObjectException.class, () -> SerialStreams.read(forged));
        assertEquals("a signed-in user's serialized form has a role without a name", refused.getMessage());
    }

    @SuppressWarnings("unchecked")
    private static <T extends Serializable> T roundTrip(T value) throws Exception {
        return (T) SerialStreams.read(SerialStreams.write(value));
    }
}
