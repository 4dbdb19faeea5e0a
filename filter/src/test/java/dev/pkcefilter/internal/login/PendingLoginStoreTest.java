package dev.pkcefilter.internal.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pkcefilter.SerialStreams;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PendingLoginStoreTest {

    private static final long TTL = 600_000;

    private static PendingLogin login(String state, long createdAt) {
        return new PendingLogin(state, "default", "n-" + state, "v-" + state, "https://app/cb", "/", createdAt, false);
    }

    @Test
    void takeWhenAddedThenFoundOnceAndUnknownAfter() {
        PendingLoginStore store = new PendingLoginStore(10, TTL);
        PendingLogin login = login("s1", 0);
        store.add(login, 0);
        PendingLoginStore.Taken first = store.take("s1", 1000);
        assertEquals(PendingLoginStore.Outcome.FOUND, first.outcome);
        assertSame(login, first.login);
        assertEquals(PendingLoginStore.Outcome.UNKNOWN, store.take("s1", 1000).outcome);
    }

    @Test
    void takeWhenOlderThanTtlThenExpiredAndRemoved() {
        PendingLoginStore store = new PendingLoginStore(10, TTL);
        store.add(login("s1", 0), 0);
        assertEquals(PendingLoginStore.Outcome.EXPIRED, store.take("s1", TTL).outcome);
        assertEquals(PendingLoginStore.Outcome.UNKNOWN, store.take("s1", TTL).outcome);
    }

    @Test
    void takeWhenJustBeforeTtlThenFound() {
        PendingLoginStore store = new PendingLoginStore(10, TTL);
        store.add(login("s1", 0), 0);
        assertEquals(PendingLoginStore.Outcome.FOUND, store.take("s1", TTL - 1).outcome);
    }

    @Test
    void addWhenFullThenOldestEvicted() {
        PendingLoginStore store = new PendingLoginStore(3, TTL);
        for (int i = 1; i <= 4; i++) {
            store.add(login("s" + i, i), i);
        }
        assertEquals(3, store.size());
        assertEquals(PendingLoginStore.Outcome.UNKNOWN, store.take("s1", 10).outcome);
        assertEquals(PendingLoginStore.Outcome.FOUND, store.take("s4", 10).outcome);
        assertEquals(PendingLoginStore.Outcome.FOUND, store.take("s2", 10).outcome);
    }

    @Test
    void addWhenOthersExpiredThenTheyAreDropped() {
        PendingLoginStore store = new PendingLoginStore(10, TTL);
        store.add(login("old", 0), 0);
        store.add(login("new", TTL + 1), TTL + 1);
        assertEquals(1, store.size());
    }

    @Test
    void takeWhenManyThreadsRaceForOneStateThenExactlyOneWins() throws Exception {
        PendingLoginStore store = new PendingLoginStore(100, TTL);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 200; round++) {
                String state = "race-" + round;
                store.add(login(state, 0), 0);
                CountDownLatch start = new CountDownLatch(1);
                AtomicInteger found = new AtomicInteger();
                CountDownLatch done = new CountDownLatch(8);
                for (int t = 0; t < 8; t++) {
                    pool.execute(() -> {
                        try {
                            start.await();
                            if (store.take(state, 1).outcome == PendingLoginStore.Outcome.FOUND) {
                                found.incrementAndGet();
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } finally {
                            done.countDown();
                        }
                    });
                }
                start.countDown();
                done.await(10, TimeUnit.SECONDS);
                assertEquals(1, found.get(), "round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void addWhenManyThreadsAddThenBoundHolds() throws Exception {
        PendingLoginStore store = new PendingLoginStore(10, TTL);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        CountDownLatch done = new CountDownLatch(1000);
        for (int i = 0; i < 1000; i++) {
            int n = i;
            pool.execute(() -> {
                try {
                    store.add(login("s" + n, 0), 0);
                } catch (Throwable t) {
                    errors.add(t);
                } finally {
                    done.countDown();
                }
            });
        }
        done.await(10, TimeUnit.SECONDS);
        pool.shutdownNow();
        assertEquals(0, errors.size(), errors.toString());
        assertEquals(10, store.size());
    }

    @Test
    void serializeWhenStoredInReplicatedSessionThenRoundTrips() throws Exception {
        PendingLoginStore store = new PendingLoginStore(10, TTL);
        store.add(login("s1", 5), 5);
        PendingLoginStore copy = (PendingLoginStore) SerialStreams.read(SerialStreams.write(store));
        PendingLoginStore.Taken taken = copy.take("s1", 6);
        assertEquals(PendingLoginStore.Outcome.FOUND, taken.outcome);
        assertEquals("v-s1", taken.login.codeVerifier());
    }

    // An empty store's custom data is its count alone.
    private static final byte[] EMPTY_STORE = SerialStreams.write(new PendingLoginStore(10, TTL));

    private static byte[] forged(DataWriter data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        data.writeTo(new DataOutputStream(bytes));
        return SerialStreams.withCustomData(EMPTY_STORE, 4, bytes.toByteArray());
    }

    private interface DataWriter {
        void writeTo(DataOutputStream out) throws IOException;
    }

    private static void writeLogin(DataOutputStream out, String state, String nonce) throws IOException {
        for (String value : new String[] {state, "default", nonce, "verifier", "https://app/cb", "/"}) {
            dev.pkcefilter.internal.web.SerialForm.writeString(out, value);
        }
        out.writeLong(0);
        out.writeBoolean(false);
        dev.pkcefilter.internal.web.SerialForm.writeString(out, null);
        dev.pkcefilter.internal.web.SerialForm.writeString(out, null);
    }

    @Test
    void readWhenForgedCountIsHugeThenInvalidObjectWithoutAllocating() throws Exception {
        // 189 bytes that used to ask for a map of a billion entries (OutOfMemoryError).
        byte[] forged = forged(out -> out.writeInt(Integer.MAX_VALUE / 2));
        InvalidObjectException refused = assertThrows(InvalidObjectException.class, () -> SerialStreams.read(forged));
        assertEquals("pending logins: count 1073741823 is outside 0 to 10", refused.getMessage());
    }

    @Test
    void readWhenCountIsNegativeThenInvalidObject() throws Exception {
        byte[] forged = forged(out -> out.writeInt(-1));
        assertThrows(InvalidObjectException.class, () -> SerialStreams.read(forged));
    }

    @Test
    void readWhenNonceIsNullThenInvalidObjectNotNullPointer() throws Exception {
        byte[] forged = forged(out -> {
            out.writeInt(1);
            writeLogin(out, "s1", null);
        });
        InvalidObjectException refused = assertThrows(InvalidObjectException.class, () -> SerialStreams.read(forged));
        assertEquals("a pending login has no nonce", refused.getMessage());
    }

    @Test
    void readWhenTwoLoginsShareAStateThenInvalidObject() throws Exception {
        byte[] forged = forged(out -> {
            out.writeInt(2);
            writeLogin(out, "s1", "n1");
            writeLogin(out, "s1", "n2");
        });
        assertThrows(InvalidObjectException.class, () -> SerialStreams.read(forged));
    }

    @Test
    void readWhenNonceIsNotAsciiThenInvalidObject() throws Exception {
        byte[] forged = forged(out -> {
            out.writeInt(1);
            writeLogin(out, "s1", "n\u00e9");
        });
        assertThrows(InvalidObjectException.class, () -> SerialStreams.read(forged));
    }

    @Test
    void readWhenCapacityIsBeyondTheSettingsBoundThenInvalidObject() throws Exception {
        // The default fields end with the capacity (4 bytes) and the lifetime (8 bytes).
        byte[] forged = SerialStreams.withFieldBytes(EMPTY_STORE, 4, 12, ByteBuffer.allocate(4).putInt(1_000_000).array());
        InvalidObjectException refused = assertThrows(InvalidObjectException.class, () -> SerialStreams.read(forged));
        assertEquals("pending logins: capacity 1000000 is outside 1 to 100", refused.getMessage());
    }

    @Test
    void readWhenLifetimeIsZeroThenInvalidObject() throws Exception {
        byte[] forged = SerialStreams.withFieldBytes(EMPTY_STORE, 4, 8, new byte[8]);
        assertThrows(InvalidObjectException.class, () -> SerialStreams.read(forged));
    }

    @Test
    void readWhenForgedLoginIsWellFormedThenItIsTakenOnce() throws Exception {
        byte[] forged = forged(out -> {
            out.writeInt(1);
            writeLogin(out, "s1", "n1");
        });
        PendingLoginStore copy = (PendingLoginStore) SerialStreams.read(forged);
        assertEquals("n1", copy.take("s1", 1).login.nonce());
    }

    @Test
    void toStringWhenHoldingLoginsThenShowsNoSecrets() {
        PendingLoginStore store = new PendingLoginStore(10, TTL);
        PendingLogin login = login("state-value", 0);
        store.add(login, 0);
        String shown = store + " " + login;
        for (String secret : new String[] {"state-value", "n-state-value", "v-state-value"}) {
            assertEquals(-1, shown.indexOf(secret), shown);
        }
    }
}
