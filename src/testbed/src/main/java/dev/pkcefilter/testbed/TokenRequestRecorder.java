package dev.pkcefilter.testbed;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Records each token request (or pushed authorization request) before Spring Security sees it.
 *
 * <p>Reading a form post through {@code getParameterMap()} is safe: the container parses the body once and
 * every later reader, Spring's included, gets the same parsed parameters.
 */
final class TokenRequestRecorder extends OncePerRequestFilter {

    private final ProviderRecorder recorder;
    /** Whether this records pushed authorization requests (RFC 9126) rather than token requests. */
    private final boolean pushed;

    TokenRequestRecorder(ProviderRecorder recorder, boolean pushed) {
        this.recorder = recorder;
        this.pushed = pushed;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Map<String, List<String>> form = new LinkedHashMap<>();
        request.getParameterMap().forEach((name, values) -> form.put(name, List.of(values)));
        String authorization = request.getHeader("Authorization");
        RecordedTokenRequest recorded = new RecordedTokenRequest(form, scheme(authorization));
        if (pushed) {
            recorder.recordPushedRequest(recorded);
        } else {
            recorder.recordTokenRequest(recorded);
        }
        recordSecrets(form, authorization);
        chain.doFilter(request, response);
    }

    private void recordSecrets(Map<String, List<String>> form, String authorization) {
        for (String name : List.of("client_secret", "client_assertion", "code_verifier", "code", "refresh_token")) {
            form.getOrDefault(name, List.of()).forEach(recorder::recordSecret);
        }
        basicPassword(authorization).ifPresent(password -> {
            recorder.recordSecret(password);
            recorder.recordSecret(URLDecoder.decode(password, StandardCharsets.UTF_8));
        });
    }

    private static Optional<String> scheme(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(authorization.trim().split("\\s+", 2)[0]);
    }

    /** The password half of a Basic header (RFC 6749 §2.3.1), still form-urlencoded as the client sent it. */
    private static Optional<String> basicPassword(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? Optional.empty() : Optional.of(decoded.substring(colon + 1));
        } catch (IllegalArgumentException notBase64) {
            // A malformed header is the provider's to reject; there is nothing to record.
            return Optional.empty();
        }
    }
}
