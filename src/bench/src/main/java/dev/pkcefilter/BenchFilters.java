package dev.pkcefilter;

import com.nimbusds.jose.jwk.JWKSet;
import dev.pkcefilter.internal.session.SessionKeys;
import dev.pkcefilter.jakarta.PkceFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.Map;

/** The filters the benchmarks compare: ours, started against a loopback provider, and the baselines. */
final class BenchFilters {

    private BenchFilters() {
    }

    static FilterSettings settings(String issuer) {
        return FilterSettings.builder().issuer(issuer).clientId("bench").clientSecret("bench-secret").build();
    }

    static PkceFilter started(FilterSettings settings) throws ServletException {
        PkceFilter filter = new PkceFilter(settings);
        filter.init((FilterConfig) Proxy.newProxyInstance(FilterConfig.class.getClassLoader(),
                new Class<?>[] {FilterConfig.class}, (proxy, method, args) -> "getFilterName".equals(method.getName()) ? "bench" : null));
        return filter;
    }

    static LocalOpenIdProvider provider() throws IOException {
        return new LocalOpenIdProvider(new JWKSet());
    }

    /** A session as the filter leaves it after a login: the user under the filter's own key. */
    static BenchSession signedInSession(FilterSettings settings) {
        BenchSession session = new BenchSession();
        session.setAttribute(new SessionKeys(settings.internal()).user(), new SignedInUser("alice", settings.internal().registrations().get(0).issuer().toString(),
                Map.of("sub", "alice", "email", "alice@example.com", "name", "Alice")));
        return session;
    }

    /** The cheapest filter that still looks at the session: what any session-based auth must pay. */
    static Filter sessionLookupOnly(String key) {
        return new Filter() {
            @Override
            public void doFilter(jakarta.servlet.ServletRequest request, jakarta.servlet.ServletResponse response, FilterChain chain)
                    throws IOException, ServletException {
                Object user = ((HttpServletRequest) request).getSession(false).getAttribute(key);
                if (user == null) {
                    throw new IllegalStateException("not signed in");
                }
                chain.doFilter(request, response);
            }
        };
    }

    /** The bare redirect: a session and a 302, what any login start must pay. */
    static Filter bareRedirect() {
        return new Filter() {
            @Override
            public void doFilter(jakarta.servlet.ServletRequest request, jakarta.servlet.ServletResponse response, FilterChain chain) {
                ((HttpServletRequest) request).getSession(true);
                HttpServletResponse http = (HttpServletResponse) response;
                http.setStatus(302);
                http.setHeader("Location", "http://127.0.0.1/authorize");
            }
        };
    }
}
