package dev.pkcefilter.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.RSAKey;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RsaKeyPoolTest {

    @Test
    void poolWhenBuiltByMavenThenOnTheClasspath() {
        // Without it every key is generated again, and a full build spends minutes of CPU on prime search.
        assertNotNull(RsaKeyPool.class.getResource(RsaKeyPool.RESOURCE), "the build's process-classes step writes it");
    }

    @Test
    void nextWhenDrawnAPoolsWorthOfTimesThenNoTwoKeysAreTheSameAndEachHasItsKid() throws Exception {
        Set<String> moduli = new HashSet<>();
        for (int i = 0; i < RsaKeyPool.SIZE; i++) {
            RSAKey key = RsaKeyPool.next("kid-" + i);
            assertEquals("kid-" + i, key.getKeyID());
            assertTrue(key.isPrivate(), "a signing key has its private half");
            assertEquals(2048, key.size());
            moduli.add(key.getModulus().toString());
        }
        assertEquals(RsaKeyPool.SIZE, moduli.size(), "any " + RsaKeyPool.SIZE + " keys drawn in a row differ");
    }
}
