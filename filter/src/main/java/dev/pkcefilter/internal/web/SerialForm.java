package dev.pkcefilter.internal.web;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.StreamCorruptedException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * Writes and reads the strings of the filter's session attributes in their serialized forms. A
 * shared session store (Redis, a container cluster) deserializes every attribute on every request;
 * strings written as length and UTF-8 bytes cost neither class descriptors nor the 64 KB limit of
 * {@link ObjectOutputStream#writeUTF}, which a large access token could pass. Tokens and claims are
 * also deflated together ({@link #pack}): JWTs of one login repeat their header, issuer, subject
 * and names, and their base64 text holds 6 bits in each 8, so they shrink by about 40 %.
 */
public final class SerialForm {

    /** Far above any token a provider issues; a larger length means a corrupt stream, not a bigger token. */
    private static final int MAX_BYTES = 1 << 20;

    private SerialForm() {
    }

    /** @param value the string, or null */
    public static void writeString(DataOutput out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /** @return what {@link #writeString} wrote, null included */
    public static String readString(DataInput in) throws IOException {
        byte[] bytes = readBytes(in);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /** @param bytes the bytes, or null */
    public static void writeBytes(DataOutput out, byte[] bytes) throws IOException {
        if (bytes == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /** @return what {@link #writeBytes} wrote, null included */
    public static byte[] readBytes(DataInput in) throws IOException {
        int length = in.readInt();
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > MAX_BYTES) {
            throw new StreamCorruptedException("a value of " + length + " bytes in a session attribute");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }

    /** @return the strings (any may be null), deflated together */
    public static byte[] pack(String... values) {
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(packed, deflater))) {
            for (String value : values) {
                writeString(out, value);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        } finally {
            deflater.end();
        }
        return packed.toByteArray();
    }

    /**
     * @param count how many strings {@link #pack} was given
     * @throws IllegalStateException when the bytes are not what {@link #pack} wrote (a session store's
     *     fault; the message names no content)
     */
    public static String[] unpack(byte[] packed, int count) {
        String[] values = new String[count];
        try (DataInputStream in = new DataInputStream(new InflaterInputStream(new ByteArrayInputStream(packed)))) {
            for (int i = 0; i < count; i++) {
                values[i] = readString(in);
            }
        } catch (IOException e) {
            throw new IllegalStateException("a session attribute of the filter is corrupt (" + e.getClass().getSimpleName() + ")");
        }
        return values;
    }
}
