package dev.pkcefilter.internal.credentials;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The DER reader and writer against X.690 encodings written out by hand. */
class DerTest {

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    @Test
    void encodeWhenShortMediumAndLongContentThenTheLengthFormsOfX690() {
        assertArrayEquals(bytes(0x05, 0x00), Der.encode(Der.NULL));
        assertArrayEquals(bytes(0x02, 0x01, 0x07), Der.encode(Der.INTEGER, bytes(0x07)));
        byte[] twoHundred = Der.encode(Der.OCTET_STRING, new byte[200]);
        assertArrayEquals(bytes(0x04, 0x81, 200), java.util.Arrays.copyOf(twoHundred, 3));
        byte[] big = Der.encode(Der.OCTET_STRING, new byte[0x1234]);
        assertArrayEquals(bytes(0x04, 0x82, 0x12, 0x34), java.util.Arrays.copyOf(big, 4));
        assertEquals(4 + 0x1234, big.length);
    }

    @Test
    void readWhenNestedSequenceThenFieldsInOrder() throws Der.Malformed {
        // SEQUENCE { INTEGER 1, SEQUENCE { OID 1.2.840.10045.2.1 }, OCTET STRING 0xAB }
        byte[] oid = bytes(0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01);
        byte[] structure = Der.encode(Der.SEQUENCE, Der.encode(Der.INTEGER, bytes(0x01)),
                Der.encode(Der.SEQUENCE, Der.encode(Der.OID, oid)), Der.encode(Der.OCTET_STRING, bytes(0xab)));
        Der outer = new Der(structure).enter(Der.SEQUENCE);
        assertArrayEquals(bytes(0x01), outer.read(Der.INTEGER));
        assertArrayEquals(oid, outer.enter(Der.SEQUENCE).read(Der.OID));
        assertEquals(Der.OCTET_STRING, outer.peekTag());
        assertArrayEquals(bytes(0xab), outer.read(Der.OCTET_STRING));
        assertFalse(outer.hasMore());
    }

    @Test
    void readWhenLongFormLengthThenContentFound() throws Der.Malformed {
        byte[] content = new byte[300];
        content[299] = 0x42;
        assertArrayEquals(content, new Der(Der.encode(Der.OCTET_STRING, content)).read(Der.OCTET_STRING));
    }

    @Test
    void readWhenStructureIsWrongThenMalformedSayingWhat() {
        assertEquals("expected tag 2, found 4", assertThrows(Der.Malformed.class,
                () -> new Der(bytes(0x04, 0x00)).read(Der.INTEGER)).getMessage());
        assertEquals("length beyond the structure", assertThrows(Der.Malformed.class,
                () -> new Der(bytes(0x02, 0x05, 0x01)).read(Der.INTEGER)).getMessage());
        assertEquals("missing length", assertThrows(Der.Malformed.class,
                () -> new Der(bytes(0x02)).read(Der.INTEGER)).getMessage());
        assertEquals("unsupported length", assertThrows(Der.Malformed.class,
                () -> new Der(bytes(0x02, 0x84, 0x00, 0x00, 0x00, 0x01, 0x00)).read(Der.INTEGER)).getMessage());
        assertEquals("unexpected end of structure", assertThrows(Der.Malformed.class,
                () -> new Der(new byte[0]).peekTag()).getMessage());
    }
}
