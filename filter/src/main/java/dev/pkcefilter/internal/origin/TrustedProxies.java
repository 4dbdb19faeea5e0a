package dev.pkcefilter.internal.origin;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The proxies whose forwarding headers are believed: a list of CIDR ranges, IPv4 and IPv6. Only
 * address literals are accepted, in the settings and in headers, so that no decision ever waits on
 * (or can be steered by) DNS.
 */
public final class TrustedProxies {

    private static final TrustedProxies NONE = new TrustedProxies(Collections.<byte[][]>emptyList(),
            Collections.<String>emptyList());

    /** Each entry is {network bytes, mask bytes}. */
    private final List<byte[][]> ranges;
    private final List<String> cidrs;

    private TrustedProxies(List<byte[][]> ranges, List<String> cidrs) {
        this.ranges = ranges;
        this.cidrs = cidrs;
    }

    public static TrustedProxies none() {
        return NONE;
    }

    /**
     * @param cidrs e.g. {@code 127.0.0.1/32}, {@code 10.0.0.0/8}, {@code ::1}, {@code fd00::/8}
     * @throws IllegalArgumentException naming the first entry that is not a CIDR range
     */
    public static TrustedProxies parse(List<String> cidrs) {
        List<byte[][]> ranges = new ArrayList<>();
        for (String cidr : cidrs) {
            int slash = cidr.indexOf('/');
            byte[] network = literal(slash < 0 ? cidr : cidr.substring(0, slash));
            if (network == null) {
                throw new IllegalArgumentException(cidr);
            }
            int bits;
            try {
                bits = slash < 0 ? network.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(cidr);
            }
            if (bits < 0 || bits > network.length * 8) {
                throw new IllegalArgumentException(cidr);
            }
            byte[] mask = new byte[network.length];
            for (int i = 0; i < bits; i++) {
                mask[i / 8] |= (byte) (0x80 >>> (i % 8));
            }
            ranges.add(new byte[][] {network, mask});
        }
        return new TrustedProxies(Collections.unmodifiableList(ranges), Collections.unmodifiableList(new ArrayList<>(cidrs)));
    }

    @Override
    public String toString() {
        return String.join(",", cidrs);
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** @param address an address literal, possibly bracketed IPv6 with or without port; anything else is untrusted */
    public boolean trusts(String address) {
        if (ranges.isEmpty() || address == null) {
            return false;
        }
        byte[] bytes = literal(stripPort(address));
        if (bytes == null) {
            return false;
        }
        for (byte[][] range : ranges) {
            if (matches(bytes, range[0], range[1])) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(byte[] address, byte[] network, byte[] mask) {
        if (address.length != network.length) {
            return false;
        }
        for (int i = 0; i < address.length; i++) {
            if ((address[i] & mask[i]) != (network[i] & mask[i])) {
                return false;
            }
        }
        return true;
    }

    /** Strips brackets and a port from {@code [v6]:port}, {@code v4:port}; leaves bare literals. */
    public static String stripPort(String address) {
        String value = address.trim();
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            return close < 0 ? value : value.substring(1, close);
        }
        int colon = value.indexOf(':');
        // One colon is IPv4 with a port; several are a bare IPv6 literal.
        return colon >= 0 && value.indexOf(':', colon + 1) < 0 ? value.substring(0, colon) : value;
    }

    /** @return the address bytes of an IPv4 or IPv6 literal, or null for anything else (names included) */
    public static byte[] literal(String text) {
        String value = text.trim();
        boolean v4 = value.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = value.contains(":") && value.matches("[0-9A-Fa-f:.]+(%[\\w.]+)?");
        if (!v4 && !v6) {
            return null;
        }
        try {
            byte[] bytes = InetAddress.getByName(value).getAddress();
            // An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is compared as IPv4.
            if (bytes.length == 16 && isV4Mapped(bytes)) {
                return java.util.Arrays.copyOfRange(bytes, 12, 16);
            }
            return bytes;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean isV4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }
}
