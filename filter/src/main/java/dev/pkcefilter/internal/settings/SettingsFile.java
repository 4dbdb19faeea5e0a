package dev.pkcefilter.internal.settings;

import dev.pkcefilter.SettingsException;
import dev.pkcefilter.internal.credentials.BoundedFile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.Properties;

/** Reads a properties file (UTF-8) from a path or a {@code classpath:} resource. */
public final class SettingsFile {

    public static final String CLASSPATH_PREFIX = "classpath:";

    private SettingsFile() {
    }

    public static Properties read(String location, ClassLoader classLoader) {
        if (location == null || location.trim().isEmpty()) {
            throw unreadable("(none)", "a file path or classpath: resource", "nothing");
        }
        String where = location.trim();
        try (InputStream in = open(where, classLoader); Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            Properties properties = new Properties();
            properties.load(reader);
            return properties;
        } catch (IOException | RuntimeException e) {
            throw unreadable(where, "a readable properties file", e.getClass().getSimpleName());
        }
    }

    private static InputStream open(String location, ClassLoader classLoader) throws IOException {
        if (location.startsWith(CLASSPATH_PREFIX)) {
            String name = location.substring(CLASSPATH_PREFIX.length()).replaceFirst("^/", "");
            InputStream in = classLoader.getResourceAsStream(name);
            if (in == null) {
                throw new java.io.FileNotFoundException("no such resource");
            }
            return in;
        }
        // Bounded as every file a setting names: a config path to /dev/zero fails with a message, not OutOfMemoryError.
        return new ByteArrayInputStream(BoundedFile.read(Paths.get(location)));
    }

    private static SettingsException unreadable(String location, String expected, String found) {
        return new SettingsException(Collections.singletonList(
                "config: expected " + expected + " at " + location + ", found " + found));
    }
}
