package dev.pkcefilter.testbed;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Adds an {@code error_description} to the token endpoint's error answers, as providers such as Keycloak do.
 *
 * <p>Spring Authorization Server sends the bare error code only; a description lets tests check that the
 * provider's own words never reach the app's pages or logs. Without a description configured it does
 * nothing.
 */
final class TokenErrorDescriber extends OncePerRequestFilter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Optional<String> description;

    TokenErrorDescriber(Optional<String> description) {
        this.description = description;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (description.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
        chain.doFilter(request, captured);
        Optional<byte[]> described = captured.getStatus() >= 400
                ? withDescription(captured.getContentAsByteArray())
                : Optional.empty();
        if (described.isEmpty()) {
            captured.copyBodyToResponse();
            return;
        }
        // The wrapper has held back the body and its length; the longer body goes out instead.
        response.setContentLength(described.get().length);
        response.getOutputStream().write(described.get());
    }

    /** @return the error object with the description added, or empty when the body is no such object */
    private Optional<byte[]> withDescription(byte[] body) {
        try {
            Map<String, Object> error = new LinkedHashMap<>(
                    JSON.readValue(body, new TypeReference<Map<String, Object>>() { }));
            if (!error.containsKey("error")) {
                return Optional.empty();
            }
            error.putIfAbsent("error_description", description.get());
            return Optional.of(JSON.writeValueAsBytes(error));
        } catch (IOException notAJsonObject) {
            return Optional.empty();
        }
    }
}
