package dev.pkcefilter.internal.http;

import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.pkcefilter.internal.dpop.DpopNonce;
import dev.pkcefilter.internal.settings.SettingKey;
import dev.pkcefilter.internal.tls.ProviderTls;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.time.Duration;
import java.util.function.Function;

/**
 * The one way the filter calls a provider (discovery, JWKS, token, PAR, userinfo): the provider's TLS set-up (its
 * trust store, the client certificate for mutual TLS), the settings' connect and read timeouts (Nimbus waits
 * forever by default), no redirect followed (a redirect would carry a code, a client assertion or a proof to
 * another address), and, with a DPoP key, one more try when the provider asks for its nonce (RFC 9449 §8, §9).
 */
public final class ProviderCall {

    /**
     * The JVM's trust, no client certificate, and the default {@code http.connect-timeout-ms} and
     * {@code http.read-timeout-ms}: for a provider made without discovery, which sets the settings' own.
     */
    public static final ProviderCall DEFAULT = new ProviderCall(ProviderTls.JVM_DEFAULT,
            Duration.ofMillis(Long.parseLong(SettingKey.HTTP_CONNECT_TIMEOUT_MS.defaultValue())),
            Duration.ofMillis(Long.parseLong(SettingKey.HTTP_READ_TIMEOUT_MS.defaultValue())));

    private final ProviderTls tls;
    private final int connectMillis;
    private final int readMillis;

    /**
     * @param tls how calls to this provider do TLS; {@link ProviderTls#JVM_DEFAULT} for the JVM's trust and no
     *     client certificate
     */
    public ProviderCall(ProviderTls tls, Duration connectTimeout, Duration readTimeout) {
        this.tls = tls;
        this.connectMillis = millis(connectTimeout);
        this.readMillis = millis(readTimeout);
    }

    /** @return how these calls do TLS: the provider's trust store and the client certificate, if any */
    public ProviderTls tls() {
        return tls;
    }

    /**
     * Sends the request with this call's set-up.
     *
     * @throws IOException when the provider cannot be reached or does not answer in time; its message names the
     *     connection, but callers report only its type
     */
    public HTTPResponse send(HTTPRequest request) throws IOException {
        tls.applyTo(request);
        request.setConnectTimeout(connectMillis);
        request.setReadTimeout(readMillis);
        request.setFollowRedirects(false);
        return request.send();
    }

    /**
     * A call with a DPoP proof: sends the request made for the nonce in hand, and when the answer asks for a nonce
     * ({@link DpopNonce#askedFor}), once more with that one. Once only: a provider that asks again gets its answer
     * back, for the caller to judge.
     *
     * @param requestWithNonce makes the request, its proof carrying the given nonce (null for none)
     * @param nonce the provider's last nonce, or null
     */
    public HTTPResponse sendWithProof(Function<String, HTTPRequest> requestWithNonce, String nonce) throws IOException {
        HTTPResponse answer = send(requestWithNonce.apply(nonce));
        String asked = DpopNonce.askedFor(answer);
        return asked == null ? answer : send(requestWithNonce.apply(asked));
    }

    /**
     * @param sizeLimit the most bytes a document may have
     * @return a retriever for documents such as the JWKS, with this call's TLS, timeouts and no redirects; http and
     *     https only (a {@code file:} or {@code jar:} URL in a provider's metadata reads nothing)
     */
    public ResourceRetriever retriever(int sizeLimit) {
        return new DefaultResourceRetriever(connectMillis, readMillis, sizeLimit, true, tls.socketFactory()) {
            @Override
            public Resource retrieveResource(URL url) throws IOException {
                String scheme = url.getProtocol();
                if (!"https".equalsIgnoreCase(scheme) && !"http".equalsIgnoreCase(scheme)) {
                    throw new IOException("expected an http or https URL, found a " + scheme + " one");
                }
                return super.retrieveResource(url);
            }

            @Override
            protected HttpURLConnection openHTTPConnection(URL url) throws IOException {
                HttpURLConnection connection = super.openHTTPConnection(url);
                connection.setInstanceFollowRedirects(false);
                return connection;
            }
        };
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }
}
