package dev.pkcefilter.internal.credentials;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a file that a setting names (a key, a certificate, a trust store, a {@code ${file:...}} secret) up to
 * {@link #MAX_BYTES}: such files are a few kilobytes, and a setting that names a larger one, or {@code /dev/zero},
 * is a mistake that must fail at startup with a message, not with {@link OutOfMemoryError}.
 */
public final class BoundedFile {

    /** Far above any key, certificate chain, keystore or secret file. */
    public static final int MAX_BYTES = 1 << 20;

    /** A file larger than {@link #MAX_BYTES}; its simple name is what the settings' messages show. */
    public static final class FileTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        FileTooLargeException() {
            super("more than " + MAX_BYTES + " bytes");
        }
    }

    private BoundedFile() {
    }

    /**
     * @return the file's bytes
     * @throws FileTooLargeException when it holds more than {@link #MAX_BYTES}
     * @throws IOException when it cannot be read
     */
    public static byte[] read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                content.write(buffer, 0, read);
                if (content.size() > MAX_BYTES) {
                    throw new FileTooLargeException();
                }
            }
            return content.toByteArray();
        }
    }
}
