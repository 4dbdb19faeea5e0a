package dev.pkcefilter.containers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * The file work of starting a full server from its distribution, shared by the WildFly and Payara tests: a
 * private copy of the server's configuration, a WAR dropped where the server deploys from, and the end of a log
 * for a failure message.
 */
public final class ServerFiles {

    private ServerFiles() {
    }

    /** Copies a directory tree, so that each test run configures a server base of its own. */
    public static void copyTree(Path from, Path to) {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param war the WAR
     * @param directory where the server picks up deployments
     * @param contextPath such as {@code /pkce-filter-webapp}: servers take it from the file name
     */
    public static void deploy(Path war, Path directory, String contextPath) {
        try {
            Files.createDirectories(directory);
            Files.copy(war, directory.resolve(contextPath.substring(1) + ".war"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the file's content, such as a server's log so far */
    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param property the system property naming the unpacked distribution; the module's failsafe sets it
     * @param marker a file every such distribution has, relative to its root, such as {@code bin/standalone.sh}
     * @return the distribution's root
     * @throws IllegalStateException when the property names no such distribution
     */
    public static Path home(String property, String marker) {
        String value = System.getProperty(property);
        if (value == null || !Files.isRegularFile(Path.of(value).resolve(marker))) {
            throw new IllegalStateException("expected the server's distribution, with " + marker + ", at system property "
                    + property + " (the module's build unpacks it), found " + value);
        }
        return Path.of(value);
    }

    /** @return the last 40 lines of a log, for a failure message */
    public static String tail(String log) {
        String[] lines = log.split("\n");
        return String.join("\n", Arrays.copyOfRange(lines, Math.max(0, lines.length - 40), lines.length));
    }
}
