package dev.pkcefilter.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkcefilter.MutableClock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/** The single node's store: put-if-absent, expiry on the filter's clock, and its bound. */
class NodeLocalStoreTest {

    private final MutableClock clock = new MutableClock();
    private final NodeLocalStore store = new NodeLocalStore(clock, 3);

    @Test
    void putIfAbsentWhenKeyHeldThenFalseAndValueKept() {
        assertTrue(store.putIfAbsent("k", "first", Duration.ofSeconds(10)));
        assertFalse(store.putIfAbsent("k", "second", Duration.ofSeconds(10)));
        assertEquals(Collections.singletonList("first"), store.get(Collections.singletonList("k")));
    }

    @Test
    void putIfAbsentWhenHeldValueExpiredOnTheClockThenStored() {
        store.putIfAbsent("k", "first", Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(9));
        assertFalse(store.putIfAbsent("k", "second", Duration.ofSeconds(10)), "a second before expiry");
        clock.advance(Duration.ofSeconds(1));
        assertTrue(store.putIfAbsent("k", "second", Duration.ofSeconds(10)), "at expiry");
        assertEquals(Collections.singletonList("second"), store.get(Collections.singletonList("k")));
    }

    @Test
    void getWhenSeveralKeysThenValuesInOrderWithNullForMissingAndExpired() {
        store.put("a", "1", Duration.ofSeconds(5));
        store.put("b", "2", Duration.ofSeconds(50));
        clock.advance(Duration.ofSeconds(5));
        assertEquals(Arrays.asList(null, "2", null), store.get(Arrays.asList("a", "b", "c")));
    }

    @Test
    void putWhenFullThenExpiredGoFirstThenTheOldest() {
        store.put("short", "1", Duration.ofSeconds(1));
        store.put("old", "2", Duration.ofSeconds(100));
        store.put("middle", "3", Duration.ofSeconds(100));
        clock.advance(Duration.ofSeconds(1));
        store.put("new", "4", Duration.ofSeconds(100));
        assertEquals(Arrays.asList(null, "2", "3", "4"), store.get(Arrays.asList("short", "old", "middle", "new")));
        store.put("newer", "5", Duration.ofSeconds(100));
        assertEquals(3, store.size());
        assertEquals(Arrays.asList(null, "3", "4", "5"), store.get(Arrays.asList("old", "middle", "new", "newer")));
    }
}
