package dev.pkcefilter.internal.origin;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses the {@code Forwarded} header (RFC 7239 §4): a comma-separated list of elements, one per
 * hop, each a {@code ;}-separated list of {@code name=value} pairs whose values are tokens or quoted
 * strings (with backslash escapes). Parameter names are case-insensitive. A malformed header yields
 * no elements, so that it is ignored rather than half-believed.
 */
public final class ForwardedHeader {

    private ForwardedHeader() {
    }

    /**
     * @param values every {@code Forwarded} header line of the request, in order
     * @return the elements, leftmost (closest to the client) first; empty when malformed
     */
    public static List<Map<String, String>> parse(List<String> values) {
        List<Map<String, String>> elements = new ArrayList<>();
        for (String value : values) {
            if (!parseInto(value, elements)) {
                return Collections.emptyList();
            }
        }
        return elements;
    }

    private static boolean parseInto(String header, List<Map<String, String>> elements) {
        Map<String, String> element = new LinkedHashMap<>();
        int i = 0;
        int length = header.length();
        while (i < length) {
            i = skipSpaces(header, i);
            int nameStart = i;
            while (i < length && header.charAt(i) != '=' && header.charAt(i) != ';' && header.charAt(i) != ',') {
                i++;
            }
            if (i >= length || header.charAt(i) != '=') {
                return false;
            }
            String name = header.substring(nameStart, i).trim().toLowerCase(Locale.ROOT);
            i++;
            StringBuilder value = new StringBuilder();
            if (i < length && header.charAt(i) == '"') {
                i++;
                boolean closed = false;
                while (i < length) {
                    char c = header.charAt(i++);
                    if (c == '\\' && i < length) {
                        value.append(header.charAt(i++));
                    } else if (c == '"') {
                        closed = true;
                        break;
                    } else {
                        value.append(c);
                    }
                }
                if (!closed) {
                    return false;
                }
            } else {
                while (i < length && header.charAt(i) != ';' && header.charAt(i) != ',') {
                    value.append(header.charAt(i++));
                }
            }
            if (name.isEmpty() || element.containsKey(name)) {
                return false;
            }
            element.put(name, value.toString().trim());
            i = skipSpaces(header, i);
            if (i < length && header.charAt(i) == ',') {
                elements.add(element);
                element = new LinkedHashMap<>();
                i++;
            } else if (i < length && header.charAt(i) == ';') {
                i++;
            } else if (i < length) {
                return false;
            }
        }
        if (!element.isEmpty()) {
            elements.add(element);
        }
        return true;
    }

    private static int skipSpaces(String text, int from) {
        int i = from;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }
}
