package dev.pkcefilter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.pkcefilter.internal.servlet.JakartaExchange;
import dev.pkcefilter.internal.web.StoreUnavailable;
import dev.pkcefilter.jakarta.PkceFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A shared session store that fails (Redis down or past its client's timeout), as the servlet API shows it: the
 * container's session calls throw the store client's exception. The filter answers 503 with {@code Retry-After},
 * its page for a page and JSON for an API call, with one WARN line naming the failure's class and not its
 * message, and passes nothing on to the app. (The request mocks are the servlet API's seam; the store failing
 * behind a real container is {@code RedisSessionsIT}'s.)
 */
class StoreFailureTest {

    private PkceFilter filter;
    private LogCapture log;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws Exception {
        log = new LogCapture();
        // A provider on a closed port: startup goes on without it, which is all these requests need.
        filter = new PkceFilter(FilterSettings.builder().issuer("http://127.0.0.1:9").clientId("app").clientSecret("s").build());
        filter.init(mock(FilterConfig.class));
    }

    @AfterEach
    void stop() {
        filter.destroy();
        log.close();
    }

    private HttpServletRequest requestWhoseSessionStoreIsDown(String accept) {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getRequestURI()).thenReturn("/reports");
        when(request.getContextPath()).thenReturn("");
        when(request.getServletPath()).thenReturn("/reports");
        when(request.getMethod()).thenReturn("GET");
        when(request.getScheme()).thenReturn("http");
        when(request.getServerName()).thenReturn("127.0.0.1");
        when(request.getServerPort()).thenReturn(8080);
        when(request.getRemoteAddr()).thenReturn("127.0.0.1");
        when(request.getHeader("Accept")).thenReturn(accept);
        RuntimeException down = new IllegalArgumentException("Unable to connect to 10.0.0.7:6379 (pkce-filter:ended-sid:xyz)");
        when(request.getSession(anyBoolean())).thenThrow(down);
        when(request.getSession()).thenThrow(down);
        return request;
    }

    private HttpServletResponse response() throws Exception {
        HttpServletResponse response = mock(HttpServletResponse.class);
        when(response.getOutputStream()).thenReturn(new ServletOutputStream() {
            @Override
            public void write(int b) {
                body.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }
        });
        return response;
    }

    private String body() {
        return new String(body.toByteArray(), StandardCharsets.UTF_8);
    }

    @Test
    void doFilterWhenTheSessionStoreFailsOnAPageThen503PageWithRetryAfterAndNothingReachesTheApp() throws Exception {
        HttpServletResponse response = response();
        FilterChain app = mock(FilterChain.class);
        filter.doFilter(requestWhoseSessionStoreIsDown("text/html"), response, app);
        verify(response).setStatus(503);
        verify(response).setHeader("Retry-After", "5");
        verify(app, never()).doFilter(org.mockito.ArgumentMatchers.any(), org.mockito.ArgumentMatchers.any());
        assertTrue(body().contains("Reason: <code>STORE_UNAVAILABLE</code>"), body());
        java.util.List<String> lines = log.warnings().stream().filter(warning -> warning.contains("login failed")).toList();
        assertEquals(1, lines.size(), log.warnings().toString());
        String line = lines.get(0);
        assertTrue(line.contains("reason=STORE_UNAVAILABLE") && line.contains("java.lang.IllegalArgumentException"), line);
        assertTrue(!line.contains("10.0.0.7") && !line.contains("ended-sid"), "the store client's message stays out: " + line);
    }

    @Test
    void doFilterWhenTheSessionStoreFailsOnAnApiCallThen503JsonWithRetryAfter() throws Exception {
        HttpServletResponse response = response();
        filter.doFilter(requestWhoseSessionStoreIsDown("application/json"), response, mock(FilterChain.class));
        verify(response).setStatus(503);
        verify(response).setHeader("Retry-After", "5");
        assertTrue(body().startsWith("{\"error\":\"temporarily_unavailable\",\"reference\":\""), body());
    }

    @Test
    void sessionWhenTheContainersSessionCallThrowsThenStoreUnavailableButAnEndedSessionStaysItself() {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getSession(false)).thenThrow(new RuntimeException("redis"));
        assertThrows(StoreUnavailable.class, () -> new JakartaExchange(request, mock(HttpServletResponse.class)).session());

        HttpSession ended = mock(HttpSession.class);
        when(ended.getAttribute(anyString())).thenThrow(new IllegalStateException("invalidated"));
        HttpServletRequest withEnded = mock(HttpServletRequest.class);
        when(withEnded.getSession(false)).thenReturn(ended);
        assertThrows(IllegalStateException.class, () -> new JakartaExchange(withEnded, mock(HttpServletResponse.class)).session()
                .get().attribute("x"));
    }
}
