package dev.pkcefilter.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A lock held across every JVM on this machine, through a file in the temporary directory, for a server that two
 * test modules built at once (./test builds several) must not run at the same time. The operating system drops it
 * when its JVM ends, however it ends.
 */
public final class MachineWideLock implements AutoCloseable {

    /** Per user, as {@link Ports}' locks. */
    private static final Path LOCKS = Path.of(System.getProperty("java.io.tmpdir"),
            "pkce-filter-locks-" + System.getProperty("user.name"));

    private final FileChannel channel;

    private MachineWideLock(FileChannel channel) {
        this.channel = channel;
    }

    /**
     * Waits until no other JVM holds the lock of this name, then holds it.
     *
     * @param name what the lock guards, such as {@code payara}; a file name
     * @return the held lock; {@link #close()} releases it
     */
    public static MachineWideLock acquire(String name) {
        try {
            Files.createDirectories(LOCKS);
            FileChannel channel = FileChannel.open(LOCKS.resolve(name), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                channel.lock();
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            return new MachineWideLock(channel);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + LOCKS.resolve(name), e);
        }
    }

    /** Releases the lock; idempotent. */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
