package dev.pkcefilter.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * A lock held across every JVM on this machine, through a file in the temporary directory, for what two test
 * modules built at once (./test builds several) must not use at the same time: a Payara server, a port. The operating system drops it
 * when its JVM ends, however it ends.
 */
public final class MachineWideLock implements AutoCloseable {

    /** Per user: another user's directory would not be writable, and tests of two users on one machine are rare. */
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
        return take(name, true).orElseThrow();
    }

    /**
     * Holds the lock of this name if nobody holds it, without waiting.
     *
     * @param name what the lock guards, such as {@code port-20417}; a file name
     * @return the held lock, or empty when another JVM holds it, or this one
     */
    public static Optional<MachineWideLock> tryAcquire(String name) {
        return take(name, false);
    }

    private static Optional<MachineWideLock> take(String name, boolean wait) {
        try {
            Files.createDirectories(LOCKS);
            FileChannel channel = FileChannel.open(LOCKS.resolve(name), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            try {
                if (wait) {
                    channel.lock();
                } else if (tryLock(channel) == null) {
                    channel.close();
                    return Optional.empty();
                }
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            return Optional.of(new MachineWideLock(channel));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + LOCKS.resolve(name), e);
        }
    }

    /** @return the lock, or null when another JVM holds it, or this one (which the JDK reports by an exception) */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
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
