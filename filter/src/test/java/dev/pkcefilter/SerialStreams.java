package dev.pkcefilter;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Java serialization for tests of the session attributes' readers: writes an object as a session
 * store would, and forges the custom data its {@code writeObject} wrote, as a corrupt or hostile
 * store could hand it back.
 */
public final class SerialStreams {

    private static final byte BLOCK_DATA = 0x77;
    private static final byte LONG_BLOCK_DATA = 0x7A;
    private static final byte END_BLOCK_DATA = 0x78;

    private SerialStreams() {
    }

    /** What a session store keeps for the object. */
    public static byte[] write(Object object) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads what {@link #write} (or a forger) produced. */
    public static Object read(byte[] bytes) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return in.readObject();
        }
    }

    /**
     * @param written what {@link #write} produced for an object whose {@code writeObject} wrote
     *     {@code writtenDataLength} bytes (fewer than 256) after its default fields, as the stream's last block
     * @param data the custom data to put in their place
     * @return the same stream with the forged data
     */
    public static byte[] withCustomData(byte[] written, int writtenDataLength, byte[] data) {
        int blockStart = written.length - writtenDataLength - 3;
        if (written[blockStart] != BLOCK_DATA || written[blockStart + 1] != (byte) writtenDataLength
                || written[written.length - 1] != END_BLOCK_DATA) {
            throw new IllegalArgumentException("the stream does not end with " + writtenDataLength + " bytes of custom data");
        }
        ByteArrayOutputStream forged = new ByteArrayOutputStream();
        forged.write(written, 0, blockStart);
        try {
            DataOutputStream out = new DataOutputStream(forged);
            if (data.length < 256) {
                out.writeByte(BLOCK_DATA);
                out.writeByte(data.length);
            } else {
                out.writeByte(LONG_BLOCK_DATA);
                out.writeInt(data.length);
            }
            out.write(data);
            out.writeByte(END_BLOCK_DATA);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return forged.toByteArray();
    }

    /**
     * @param written as for {@link #withCustomData}
     * @param fromEndOfFields where the patch starts, counted back from the end of the default fields
     * @param patch the bytes that replace the default fields' bytes there
     */
    public static byte[] withFieldBytes(byte[] written, int writtenDataLength, int fromEndOfFields, byte[] patch) {
        byte[] copy = Arrays.copyOf(written, written.length);
        int fieldsEnd = written.length - writtenDataLength - 3;
        System.arraycopy(patch, 0, copy, fieldsEnd - fromEndOfFields, patch.length);
        return copy;
    }
}
