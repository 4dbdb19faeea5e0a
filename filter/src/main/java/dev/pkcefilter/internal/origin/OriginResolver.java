package dev.pkcefilter.internal.origin;

import dev.pkcefilter.internal.web.FailureReason;
import dev.pkcefilter.internal.web.LoginFailure;
import dev.pkcefilter.internal.web.WebExchange;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Decides the {@link ExternalOrigin} of a request. A configured {@code external.base-url} wins.
 * Otherwise the container's view is used, corrected by {@code Forwarded} (RFC 7239) or
 * {@code X-Forwarded-Proto/-Host/-Port/-Prefix}, as {@code proxy.headers} says ({@link ProxyHeaders}),
 * but only when the immediate peer is a trusted proxy; chains are walked right to left while each hop
 * is trusted. A request whose two families conflict (both present under {@code auto}, disagreeing
 * under {@code both}) is refused: a proxy passes on the family it does not set, from the client. Headers from anyone else are
 * ignored (the first such request logs one WARN). The host must then be an allowed host, when a
 * list is configured, so that a forged Host header never yields a redirect URI on another host.
 */
public final class OriginResolver {

    private static final Logger LOG = Logger.getLogger(OriginResolver.class.getName());
    private static final String HOST_PATTERN = "[A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+]";
    // No ';' or ',': the prefix becomes the Path of cookies the filter sets, where they would add attributes.
    // A '%' only as the start of an escape: the prefix goes into URLs the filter builds.
    private static final String PREFIX_PATTERN = "(/([A-Za-z0-9._~!$&'()*+=:@-]|%[0-9A-Fa-f]{2})+)*";

    /** The {@code proxy.allowed-hosts} value that follows the request's Host header: the explicit opt-in. */
    public static final String ANY_HOST = "*";

    private final URI externalBaseUrl;
    private final TrustedProxies trustedProxies;
    private final ProxyHeaders headers;
    private final List<String> allowedHosts;
    private final AtomicBoolean spoofWarned = new AtomicBoolean();

    public OriginResolver(URI externalBaseUrl, TrustedProxies trustedProxies, List<String> allowedHosts) {
        this(externalBaseUrl, trustedProxies, ProxyHeaders.AUTO, allowedHosts);
    }

    public OriginResolver(URI externalBaseUrl, TrustedProxies trustedProxies, ProxyHeaders headers, List<String> allowedHosts) {
        this.externalBaseUrl = externalBaseUrl;
        this.trustedProxies = trustedProxies;
        this.headers = headers;
        this.allowedHosts = allowedHosts;
    }

    /**
     * The resolver of the settings' proxy keys, warning once when they let the Host header choose the origin.
     *
     * @param externalBaseUrl {@code external.base-url}, or null
     * @param allowedHosts {@code proxy.allowed-hosts}; {@link #ANY_HOST} alone follows the Host header
     */
    public static OriginResolver from(URI externalBaseUrl, TrustedProxies trustedProxies, ProxyHeaders headers,
            List<String> allowedHosts) {
        if (allowedHosts.contains(ANY_HOST)) {
            LOG.warning("pkce-filter: proxy.allowed-hosts is *: redirect URIs follow the request's Host header, which"
                    + " clients can forge; set external.base-url or list the app's host names instead");
        }
        return new OriginResolver(externalBaseUrl, trustedProxies, headers, allowedHosts);
    }

    /**
     * @throws LoginFailure {@link FailureReason#HOST_NOT_ALLOWED} when the host is not an allowed one
     */
    public ExternalOrigin resolve(WebExchange exchange) throws LoginFailure {
        ExternalOrigin origin = externalBaseUrl != null ? configured() : derived(exchange, true);
        if (allowedHosts.contains(ANY_HOST)) {
            return origin;
        }
        if (!allowedHosts.isEmpty() && !isAllowed(origin)) {
            throw new LoginFailure(FailureReason.HOST_NOT_ALLOWED, "the request's host " + origin.host()
                    + " is not in proxy.allowed-hosts " + allowedHosts);
        }
        // Neither key set: the settings allow that only for a loopback issuer, and then only loopback hosts.
        if (allowedHosts.isEmpty() && externalBaseUrl == null && !origin.isLoopback()) {
            throw new LoginFailure(FailureReason.HOST_NOT_ALLOWED, "the request's host " + origin.host()
                    + " is not a loopback address, and neither external.base-url nor proxy.allowed-hosts is set");
        }
        return origin;
    }

    /**
     * @return the origin without the allowed-hosts check: only for what needs no trusted host, such as
     *     the path of a link on an error page
     */
    public ExternalOrigin unchecked(WebExchange exchange) {
        if (externalBaseUrl != null) {
            return configured();
        }
        try {
            return derived(exchange, false);
        } catch (LoginFailure notRaisedWithoutRefusal) {
            throw new IllegalStateException("derived(exchange, false) refuses nothing", notRaisedWithoutRefusal);
        }
    }

    private ExternalOrigin configured() {
        String path = externalBaseUrl.getRawPath() == null ? "" : externalBaseUrl.getRawPath().replaceAll("/+$", "");
        return new ExternalOrigin(externalBaseUrl.getScheme(), externalBaseUrl.getHost(), externalBaseUrl.getPort(), path);
    }

    /** @param refuseConflict whether families that conflict are refused (a login) or believed neither (a page's link) */
    private ExternalOrigin derived(WebExchange exchange, boolean refuseConflict) throws LoginFailure {
        boolean forwarding = forwarding(exchange);
        Hop hop;
        if (forwarding && trustedProxies.trusts(exchange.remoteAddress())) {
            Derived derived = derive(exchange);
            if (derived.conflict && refuseConflict) {
                throw new LoginFailure(FailureReason.PROXY_HEADERS_CONFLICT, "the request carries Forwarded and X-Forwarded-*"
                        + " headers that proxy.headers=" + headers.value() + " does not allow together");
            }
            hop = derived.conflict ? containerView(exchange) : derived.hop;
        } else {
            hop = containerView(exchange);
            if (forwarding && spoofWarned.compareAndSet(false, true)) {
                LOG.warning("pkce-filter: ignoring Forwarded/X-Forwarded-* headers from " + exchange.remoteAddress()
                        + ", which is not in proxy.trusted (logged once)");
            }
        }
        return new ExternalOrigin(hop.scheme, hop.host, hop.port, hop.prefix + exchange.contextPath());
    }

    private static Hop containerView(WebExchange exchange) {
        return new Hop(exchange.scheme(), exchange.host(), exchange.port(), "");
    }

    private static boolean forwarding(WebExchange exchange) {
        return exchange.header("Forwarded").isPresent() || hasXForwarded(exchange);
    }

    /** X-Forwarded-For counts too: a proxy that sets only it is an X-Forwarded proxy, whose client may add Forwarded. */
    private static boolean hasXForwarded(WebExchange exchange) {
        return exchange.header("X-Forwarded-Host").isPresent() || exchange.header("X-Forwarded-Proto").isPresent()
                || exchange.header("X-Forwarded-Prefix").isPresent() || exchange.header("X-Forwarded-Port").isPresent()
                || exchange.header("X-Forwarded-For").isPresent();
    }

    /** The origin the family named by {@code proxy.headers} gives, from a trusted peer, and whether the families conflict. */
    private Derived derive(WebExchange exchange) {
        List<Map<String, String>> forwarded = ForwardedHeader.parse(exchange.headers("Forwarded"));
        boolean hasForwarded = !forwarded.isEmpty();
        boolean hasX = hasXForwarded(exchange);
        Hop hop = containerView(exchange);
        switch (headers) {
            case FORWARDED:
                if (hasForwarded) {
                    applyForwarded(hop, forwarded);
                }
                return new Derived(hop, false);
            case X_FORWARDED:
                applyXForwarded(hop, exchange);
                return new Derived(hop, false);
            case BOTH:
                if (!hasForwarded) {
                    return new Derived(hop, hasX);
                }
                applyForwarded(hop, forwarded);
                // X-Forwarded-* laid over Forwarded's answer must change nothing, else one of them is not the proxy's.
                Hop check = hop.copy();
                applyXForwarded(check, exchange);
                hop.prefix = check.prefix;
                return new Derived(hop, !check.sameOrigin(hop));
            default:
                if (hasForwarded && hasX) {
                    return new Derived(hop, true);
                }
                if (hasForwarded) {
                    applyForwarded(hop, forwarded);
                } else {
                    applyXForwarded(hop, exchange);
                }
                return new Derived(hop, false);
        }
    }

    private static final class Derived {
        final Hop hop;
        final boolean conflict;

        Derived(Hop hop, boolean conflict) {
            this.hop = hop;
            this.conflict = conflict;
        }
    }

    /** RFC 7239 §7.3: the rightmost element is the immediate peer's; step left while its "for" is trusted. */
    private void applyForwarded(Hop hop, List<Map<String, String>> elements) {
        int i = elements.size() - 1;
        while (i > 0 && trustedProxies.trusts(elements.get(i).get("for"))) {
            i--;
        }
        Map<String, String> element = elements.get(i);
        hop.apply(element.get("proto"), element.get("host"), null, null);
    }

    private void applyXForwarded(Hop hop, WebExchange exchange) {
        List<String> chain = list(exchange.headers("X-Forwarded-For"));
        int depth = 0;
        for (int i = chain.size() - 1; i > 0 && trustedProxies.trusts(chain.get(i)); i--) {
            depth++;
        }
        hop.apply(pick(exchange, "X-Forwarded-Proto", depth), pick(exchange, "X-Forwarded-Host", depth),
                pick(exchange, "X-Forwarded-Port", depth), pick(exchange, "X-Forwarded-Prefix", depth));
    }

    /** Each proxy appends: the value set by the outermost trusted proxy is {@code depth} from the right. */
    private static String pick(WebExchange exchange, String header, int depth) {
        List<String> values = list(exchange.headers(header));
        return values.isEmpty() ? null : values.get(Math.max(0, values.size() - 1 - depth));
    }

    private static List<String> list(List<String> headerLines) {
        List<String> values = new ArrayList<>();
        for (String line : headerLines) {
            for (String value : line.split(",")) {
                if (!value.trim().isEmpty()) {
                    values.add(value.trim());
                }
            }
        }
        return values;
    }

    private boolean isAllowed(ExternalOrigin origin) {
        for (String allowed : allowedHosts) {
            int colon = allowed.lastIndexOf(':');
            boolean withPort = colon > 0 && !allowed.endsWith("]") && allowed.indexOf(':') == colon;
            String host = withPort ? allowed.substring(0, colon) : allowed;
            if (host.equalsIgnoreCase(origin.host())
                    && (!withPort || Integer.toString(effectivePort(origin)).equals(allowed.substring(colon + 1)))) {
                return true;
            }
        }
        return false;
    }

    private static int effectivePort(ExternalOrigin origin) {
        return origin.port() > 0 ? origin.port() : ("https".equals(origin.scheme()) ? 443 : 80);
    }

    /** The origin as it is being corrected; values that don't look right are ignored, not half-used. */
    private static final class Hop {
        public String scheme;
        public String host;
        public int port;
        public String prefix;

        public Hop(String scheme, String host, int port, String prefix) {
            this.scheme = scheme;
            this.host = host;
            this.port = port;
            this.prefix = prefix;
        }

        /** Whether the host makes a URL: {@code [1:]} has only IPv6 characters (found by ForwardedHeadersFuzzTest's long run). */
        private static boolean formsAUrl(String name) {
            try {
                return new URI("http://" + name + "/").getHost() != null;
            } catch (URISyntaxException e) {
                return false;
            }
        }

        Hop copy() {
            return new Hop(scheme, host, port, prefix);
        }

        boolean sameOrigin(Hop other) {
            return scheme.equals(other.scheme) && host.equalsIgnoreCase(other.host) && effectivePort() == other.effectivePort();
        }

        private int effectivePort() {
            return port > 0 ? port : "https".equals(scheme) ? 443 : 80;
        }

        public void apply(String proto, String hostAndPort, String portValue, String prefixValue) {
            boolean schemeChanged = false;
            if (proto != null && ("http".equalsIgnoreCase(proto) || "https".equalsIgnoreCase(proto))) {
                schemeChanged = !proto.equalsIgnoreCase(scheme);
                scheme = proto.toLowerCase(Locale.ROOT);
            }
            if (hostAndPort != null) {
                applyHost(hostAndPort);
            } else if (schemeChanged) {
                port = -1;
            }
            if (portValue != null && portValue.matches("\\d{1,5}") && Integer.parseInt(portValue) <= 65535) {
                port = Integer.parseInt(portValue);
            }
            if (prefixValue != null) {
                String clean = prefixValue.replaceAll("/+$", "");
                if (clean.matches(PREFIX_PATTERN)) {
                    prefix = clean;
                }
            }
        }

        private void applyHost(String hostAndPort) {
            String value = hostAndPort.trim();
            int portAt = value.startsWith("[") ? value.indexOf("]:") + 1 : value.lastIndexOf(':');
            String name = portAt > 0 ? value.substring(0, portAt) : value;
            String portText = portAt > 0 ? value.substring(portAt + 1) : null;
            if (!name.matches(HOST_PATTERN) || (portText != null && !portText.matches("\\d{1,5}")) || !formsAUrl(name)) {
                return;
            }
            host = name.startsWith("[") ? name.substring(1, name.length() - 1) : name;
            port = portText == null ? -1 : Integer.parseInt(portText);
        }
    }
}
