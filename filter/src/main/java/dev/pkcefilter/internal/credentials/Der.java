package dev.pkcefilter.internal.credentials;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The little DER (ITU-T X.690) that reading PEM private keys needs: walk a structure, take a
 * field's content, and wrap content in a new field. Without it, PKCS#1 and SEC1 keys would need
 * BouncyCastle, which Nimbus uses for PEM and which we don't ship.
 */
public final class Der {

    public static final int INTEGER = 0x02;
    public static final int BIT_STRING = 0x03;
    public static final int OCTET_STRING = 0x04;
    public static final int NULL = 0x05;
    public static final int OID = 0x06;
    public static final int SEQUENCE = 0x30;
    public static final int CONTEXT_0 = 0xA0;
    public static final int CONTEXT_1 = 0xA1;

    /** The input is not the DER structure expected. Carries no key material. */
    public static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        public Malformed(String what) {
            super(what, null, false, false);
        }
    }

    private final byte[] data;
    private int position;
    private final int end;

    public Der(byte[] data) {
        this(data, 0, data.length);
    }

    private Der(byte[] data, int start, int end) {
        this.data = data;
        this.position = start;
        this.end = end;
    }

    public boolean hasMore() {
        return position < end;
    }

    public int peekTag() throws Malformed {
        if (!hasMore()) {
            throw new Malformed("unexpected end of structure");
        }
        return data[position] & 0xff;
    }

    /** Reads one field of the given tag and returns its content. */
    public byte[] read(int tag) throws Malformed {
        int[] bounds = next(tag);
        return Arrays.copyOfRange(data, bounds[0], bounds[1]);
    }

    /** Reads one constructed field of the given tag and returns a reader over its content. */
    public Der enter(int tag) throws Malformed {
        int[] bounds = next(tag);
        return new Der(data, bounds[0], bounds[1]);
    }

    private int[] next(int tag) throws Malformed {
        if (peekTag() != tag) {
            throw new Malformed("expected tag " + tag + ", found " + peekTag());
        }
        position++;
        if (!hasMore()) {
            throw new Malformed("missing length");
        }
        int first = data[position++] & 0xff;
        int length;
        if (first < 0x80) {
            length = first;
        } else {
            int bytes = first & 0x7f;
            if (bytes == 0 || bytes > 3 || position + bytes > end) {
                throw new Malformed("unsupported length");
            }
            length = 0;
            for (int i = 0; i < bytes; i++) {
                length = (length << 8) | (data[position++] & 0xff);
            }
        }
        if (length > end - position) {
            throw new Malformed("length beyond the structure");
        }
        int start = position;
        position += length;
        return new int[] {start, position};
    }

    /** Encodes one field: the tag, the length, then the parts' bytes. */
    public static byte[] encode(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.write(part, 0, part.length);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.size();
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else if (length < 0x10000) {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length);
        } else {
            out.write(0x83);
            out.write(length >> 16);
            out.write(length >> 8);
            out.write(length);
        }
        byte[] bytes = content.toByteArray();
        out.write(bytes, 0, bytes.length);
        return out.toByteArray();
    }
}
