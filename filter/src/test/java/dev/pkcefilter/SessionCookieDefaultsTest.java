package dev.pkcefilter;

import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.pkcefilter.jakarta.SessionCookieDefaults;
import jakarta.servlet.ServletContext;
import jakarta.servlet.SessionCookieConfig;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The initializer servers run from the filter's jar: it makes the session cookie HttpOnly, and never stops an
 * app from starting. (Its Servlet 6 SameSite part needs a Servlet 6 server: the WildFly 39 test covers it.)
 */
class SessionCookieDefaultsTest {

    private final ServletContext context = mock(ServletContext.class);
    private final SessionCookieConfig cookie = mock(SessionCookieConfig.class);

    @Test
    void onStartupWhenTheServerTakesCookieSettingsThenHttpOnly() {
        when(context.getSessionCookieConfig()).thenReturn(cookie);
        new SessionCookieDefaults().onStartup(Set.of(), context);
        verify(cookie).setHttpOnly(true);
    }

    @Test
    void onStartupWhenTheServerRefusesCookieSettingsThenLoggedAndTheAppStarts() {
        when(context.getSessionCookieConfig()).thenReturn(cookie);
        doThrow(new IllegalStateException("context already initialized")).when(cookie).setHttpOnly(true);
        new SessionCookieDefaults().onStartup(Set.of(), context);
        verify(context).log(contains("could not make the session cookie HttpOnly (IllegalStateException)"));
    }
}
