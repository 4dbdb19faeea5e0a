package dev.pkcefilter.testbed;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports, for servers whose port must be known before they start (it goes into a registration, or a
 * provider's child process binds it seconds later). Several test JVMs run at once (./test builds modules in
 * parallel), so a port is reserved machine-wide, not only in this JVM:
 * <ul>
 *   <li>ports come from below Linux's ephemeral range (32768 and up), where the kernel never puts the local end
 *       of an outgoing connection or a {@code bind(0)}, so nothing takes a port between its hand-out and its
 *       server's bind;</li>
 *   <li>each port handed out is held through a {@link MachineWideLock} for as long as this JVM lives, and another
 *       JVM skips a held port. The operating system drops the locks when the JVM ends, however it ends.</li>
 * </ul>
 */
public final class Ports {

    private static final int FIRST = 20000;
    private static final int LAST = 32767;
    private static final int ATTEMPTS = 2000;

    private static final Set<Integer> HANDED_OUT = new HashSet<>();
    /** Held for this JVM's life: closing one would release its port. */
    private static final List<MachineWideLock> HELD = new ArrayList<>();

    private Ports() {
    }

    /**
     * @return a loopback port nothing listens on now, that this JVM has not handed out before and that no other
     *     JVM using this class holds
     * @throws IllegalStateException when no such port is found
     */
    public static synchronized int free() {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(FIRST, LAST + 1);
            if (!HANDED_OUT.contains(port) && reserve(port)) {
                HANDED_OUT.add(port);
                return port;
            }
        }
        throw new IllegalStateException("no free loopback port between " + FIRST + " and " + LAST + " after "
                + ATTEMPTS + " tries");
    }

    /** Locks the port, then checks that nothing listens on it; keeps the lock only when both hold. */
    private static boolean reserve(int port) {
        Optional<MachineWideLock> lock = MachineWideLock.tryAcquire("port-" + port);
        if (lock.isEmpty()) {
            return false;
        }
        if (!bindable(port)) {
            lock.get().close();
            return false;
        }
        HELD.add(lock.get());
        return true;
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
