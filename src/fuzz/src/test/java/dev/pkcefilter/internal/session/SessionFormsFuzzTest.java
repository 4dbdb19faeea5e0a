package dev.pkcefilter.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pkcefilter.SerialStreams;
import dev.pkcefilter.SignedInUser;
import dev.pkcefilter.internal.login.PendingLogin;
import dev.pkcefilter.internal.login.PendingLoginStore;
import dev.pkcefilter.internal.web.SerialForm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;

/**
 * The filter's session attributes as a shared session store hands them back: the custom data after each form's
 * class descriptor is the fuzzer's. Reading ends in the object or in an {@link IOException} (the readers' {@code
 * InvalidObjectException} among them), never another exception or an allocation beyond the forms' bounds (the
 * JVM runs with 512 MB); a form read back answers its methods, or the {@link IllegalStateException} they document
 * for packed values that do not inflate. A store made from fuzzed values comes back as it was written.
 */
class SessionFormsFuzzTest {

    private static final byte[] EMPTY_STORE = SerialStreams.write(new PendingLoginStore(10, 600_000));
    private static final byte[] USER = SerialStreams.write(new SignedInUser("a", "i", Collections.emptyMap(),
            Collections.<String>emptySet(), 0));
    private static final int USER_DATA = 5 + 5 + 5 + 4 + SerialForm.pack("{}").length + 4 + 8 + 4 + 8;
    private static final byte[] TOKENS = SerialStreams.write(new TokenHolder(new SessionTokens("a", null, "i", 0)));
    private static final int TOKENS_DATA = 4 + SerialForm.pack("a", null, "i", null).length + 8;

    @FuzzTest(maxDuration = "3s")
    void fuzz(FuzzedDataProvider data) {
        check(data);
    }

    /** For a longer run with Jazzer's command line: see FUZZING.md. */
    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        check(data);
    }

    static void check(FuzzedDataProvider data) {
        switch (data.consumeInt(0, 3)) {
            case 0:
                readForged(SerialStreams.withCustomData(EMPTY_STORE, 4, data.consumeRemainingAsBytes()));
                return;
            case 1:
                readForged(SerialStreams.withCustomData(USER, USER_DATA, data.consumeRemainingAsBytes()));
                return;
            case 2:
                readForged(SerialStreams.withCustomData(TOKENS, TOKENS_DATA, data.consumeRemainingAsBytes()));
                return;
            default:
                roundTrip(data);
        }
    }

    /** What a string is after UTF-8 and back: the forms write UTF-8, which has no unpaired surrogates. */
    private static String asUtf8(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    private static void readForged(byte[] stream) {
        Object read;
        try {
            read = SerialStreams.read(stream);
        } catch (IOException | ClassNotFoundException refused) {
            return;
        }
        try {
            if (read instanceof PendingLoginStore) {
                ((PendingLoginStore) read).take("s", 0);
            } else if (read instanceof SignedInUser) {
                SignedInUser user = (SignedInUser) read;
                user.getName();
                user.roles();
                user.claims();
            } else if (read instanceof TokenHolder) {
                ((TokenHolder) read).current();
            }
        } catch (IllegalStateException packedValuesDoNotInflate) {
            // documented: SerialForm.unpack, SignedInUser.claims
        }
    }

    private static void roundTrip(FuzzedDataProvider data) {
        String state = data.consumeAsciiString(40);
        String nonce = data.consumeAsciiString(40);
        String verifier = data.consumeAsciiString(60);
        String returnTo = data.consumeString(80);
        long createdAt = data.consumeLong(0, Long.MAX_VALUE / 2);
        PendingLoginStore store = new PendingLoginStore(10, 600_000);
        store.add(new PendingLogin(state, "default", nonce, verifier, "https://app/cb", returnTo, createdAt, data.consumeBoolean()),
                createdAt);
        PendingLoginStore copy;
        try {
            copy = (PendingLoginStore) SerialStreams.read(SerialStreams.write(store));
        } catch (IOException | ClassNotFoundException e) {
            throw new AssertionError("a store the filter wrote must read back", e);
        }
        PendingLogin back = copy.take(state, createdAt).login;
        assertEquals(nonce, back.nonce());
        assertEquals(verifier, back.codeVerifier());
        assertEquals(asUtf8(returnTo), back.returnTo());
        Map<String, Object> claims = Collections.singletonMap("name", asUtf8(data.consumeRemainingAsString()));
        SignedInUser user = new SignedInUser(state, "https://idp", claims);
        try {
            assertEquals(user, SerialStreams.read(SerialStreams.write(user)));
        } catch (IOException | ClassNotFoundException e) {
            throw new AssertionError("a user the filter wrote must read back", e);
        }
    }
}
