package dev.pkcefilter.testbed;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 GET written on a plain socket, for requests that {@code java.net.http} will not send: a
 * {@code Host} header other than the URL's. (The JDK allows that only with
 * {@code jdk.httpclient.allowRestrictedHeaders}, which it reads once, when its first request is built
 * in the JVM, so whether it works would depend on what ran before.) Asks the server to close the
 * connection and reads the response to its end; understands {@code Content-Length} and chunked bodies.
 */
final class RawHttpGet {

    private static final int TIMEOUT_MILLIS = 10_000;

    private RawHttpGet() {
    }

    /**
     * @param uri an absolute {@code http} URI
     * @param headers request headers, {@code Host} among them
     * @return the status, the headers (names as sent by the server) and the body as UTF-8 text
     * @throws IOException when the server cannot be reached or answers with something that is not HTTP/1.x
     */
    static ScriptedBrowser.Response send(URI uri, Map<String, String> headers) throws IOException {
        if (!"http".equals(uri.getScheme())) {
            throw new IllegalArgumentException("plain http only: " + uri);
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort() == -1 ? 80 : uri.getPort()), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            StringBuilder request = new StringBuilder("GET ").append(uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                    .append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()).append(" HTTP/1.1\r\n");
            headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
            request.append("Connection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return parse(socket.getInputStream().readAllBytes(), uri);
        }
    }

    private static ScriptedBrowser.Response parse(byte[] raw, URI uri) throws IOException {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.") || headEnd < 0) {
            throw new IOException("not an HTTP/1.x response from " + uri);
        }
        String[] lines = text.substring(0, headEnd).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> responseHeaders = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            responseHeaders.computeIfAbsent(lines[i].substring(0, colon).trim(), name -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).trim());
        }
        byte[] body = Arrays.copyOfRange(raw, headEnd + 4, raw.length);
        boolean chunked = responseHeaders.entrySet().stream().anyMatch(header -> header.getKey().equalsIgnoreCase(
                "Transfer-Encoding") && header.getValue().get(0).toLowerCase(Locale.ROOT).contains("chunked"));
        return new ScriptedBrowser.Response(status, responseHeaders,
                new String(chunked ? unchunked(body) : body, StandardCharsets.UTF_8), uri);
    }

    /** RFC 9112 §7.1: hex size lines, each chunk followed by CRLF, a zero-size chunk at the end. */
    private static byte[] unchunked(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int lineEnd = indexOfCrlf(body, at);
            String sizeField = new String(body, at, lineEnd - at, StandardCharsets.ISO_8859_1);
            int size = Integer.parseInt(sizeField.split(";")[0].trim(), 16);
            if (size == 0) {
                return out.toByteArray();
            }
            out.write(body, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }

    private static int indexOfCrlf(byte[] bytes, int from) throws IOException {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        throw new IOException("a chunked body ends without its last chunk");
    }
}
