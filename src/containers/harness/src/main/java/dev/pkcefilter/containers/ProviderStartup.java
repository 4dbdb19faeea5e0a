package dev.pkcefilter.containers;

import dev.pkcefilter.testbed.MachineWideLock;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

/**
 * How the provider child starts on about half the CPU: from its Spring Boot jar unpacked once into plain jars beside
 * it, and with an archive of the classes it loads (application class data sharing), written by one child of each
 * Java when it exits and mapped by every later one. Each container module and the Java 25 pass start their own
 * child, sixteen in a full build, so the start is most of what a child costs.
 *
 * <p>Measured on a 2-core machine, CPU until the child prints its issuer: 5.5 to 5.9 s from the Spring Boot jar, 4.2
 * to 4.3 s unpacked (its class loader no longer reads jars inside a jar), 2.8 to 3.2 s with the archive. The JVM
 * archives classes of plain jars only, hence the unpacking. The archive changes how fast classes load, never which:
 * a JVM that cannot use one (another Java, a rebuilt jar) says so in one line and loads them as usual.
 */
final class ProviderStartup {

    private static final long EXTRACT_TIMEOUT_SECONDS = 120;
    /** Quiet about the archive: the dump lists every class it skips, and a refused archive costs speed only. */
    private static final String QUIET_ARCHIVE = "-Xlog:cds*=error";

    private final Path executable;
    private final Path archive;
    private final Path dumped;
    /** Held by the one child that writes the archive for its Java, until it has; null for every other child. */
    private final MachineWideLock writing;

    private ProviderStartup(Path executable, Path archive, Path dumped, MachineWideLock writing) {
        this.executable = executable;
        this.archive = archive;
        this.dumped = dumped;
        this.writing = writing;
    }

    /**
     * Unpacks the jar next to itself unless an earlier child did, holding a machine-wide lock while it does, so two
     * modules built at once never unpack into the same place.
     *
     * @param jar the provider's executable Spring Boot jar
     * @param java the {@code java} that will run the child
     */
    static ProviderStartup prepare(Path jar, Path java) {
        Path unpacked = unpackedPlace(jar);
        // The locks are named after that place: each module names the jar by a path of its own (../../..), and
        // two clones on one machine unpack their own jars side by side.
        String place = Integer.toHexString(unpacked.toString().hashCode());
        try (MachineWideLock ignored = MachineWideLock.acquire("provider-unpack-" + place)) {
            if (!Files.isDirectory(unpacked)) {
                unpack(jar, java, unpacked);
            }
        }
        // One archive per Java: an archive written by one JVM is refused by another.
        String javaId = Integer.toHexString((java.toAbsolutePath() + " " + System.getProperty("java.vm.version")).hashCode());
        Path archive = unpacked.resolve("classes-" + javaId + ".jsa");
        Path executable = unpacked.resolve(jar.getFileName());
        if (Files.isRegularFile(archive)) {
            return new ProviderStartup(executable, archive, null, null);
        }
        // Writing the archive costs a child about twice a plain start: one child per Java writes it, and those
        // that start meanwhile (other modules, built at the same time) start plain.
        MachineWideLock writing = MachineWideLock.tryAcquire("provider-archive-" + javaId + "-" + place).orElse(null);
        Path dumped = writing == null ? null : unpacked.resolve("classes-" + javaId + "-" + UUID.randomUUID() + ".jsa.partial");
        return new ProviderStartup(executable, writing == null ? null : archive, dumped, writing);
    }

    /**
     * Beside the jar, named after its content (CRC-32 and size; its time is the build's fixed output timestamp): a
     * jar the build has changed is unpacked again, never served from an earlier build's copy.
     */
    private static Path unpackedPlace(Path jar) {
        try (InputStream in = Files.newInputStream(jar)) {
            CRC32 crc = new CRC32();
            byte[] buffer = new byte[1 << 16];
            long size = 0;
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                crc.update(buffer, 0, read);
                size += read;
            }
            Path real = jar.toRealPath();
            return real.resolveSibling(real.getFileName() + ".unpacked-" + Long.toHexString(crc.getValue()) + "-" + size);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the provider's jar " + jar, e);
        }
    }

    /** Spring Boot's own tool lays the jar out as plain jars: the application's, whose manifest names lib/*.jar. */
    private static void unpack(Path jar, Path java, Path unpacked) {
        Path partial = unpacked.resolveSibling(unpacked.getFileName() + ".partial-" + UUID.randomUUID());
        try {
            Process process = new ProcessBuilder(java.toString(), "-Djarmode=tools", "-jar", jar.toString(), "extract",
                    "--destination", partial.toString()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(EXTRACT_TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("cannot unpack the provider's jar " + jar + ": " + output);
            }
            Files.move(partial, unpacked, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the provider's jar " + jar, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while unpacking " + jar, e);
        }
    }

    /** @return the JVM options that map the archive, that write it when this child exits, or none */
    List<String> jvmOptions() {
        if (archive == null) {
            return List.of();
        }
        return dumped == null ? List.of("-XX:SharedArchiveFile=" + archive, QUIET_ARCHIVE)
                : List.of("-XX:ArchiveClassesAtExit=" + dumped, QUIET_ARCHIVE);
    }

    /** @return the unpacked application jar, for {@code java -jar} */
    Path executable() {
        return executable;
    }

    /**
     * After the child has exited: keeps the archive it wrote, for the children after it, if it ended on SIGTERM
     * (one killed outright may have left half an archive), and lets another child write one if it did not.
     * Idempotent.
     *
     * @param exitedCleanly whether the child ended on SIGTERM
     */
    void childExited(boolean exitedCleanly) {
        try {
            if (exitedCleanly && dumped != null && Files.isRegularFile(dumped)) {
                Files.move(dumped, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the provider's class archive " + dumped, e);
        } finally {
            if (writing != null) {
                writing.close();
            }
        }
    }
}
