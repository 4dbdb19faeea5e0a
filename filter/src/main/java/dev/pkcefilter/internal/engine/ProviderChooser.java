package dev.pkcefilter.internal.engine;

import com.nimbusds.oauth2.sdk.util.URLUtils;
import dev.pkcefilter.internal.settings.Registration;
import dev.pkcefilter.internal.web.FailureResponse;
import dev.pkcefilter.internal.web.ReturnTo;
import dev.pkcefilter.internal.web.WebExchange;
import java.io.IOException;
import java.util.Collections;
import java.util.List;

/**
 * The page at {@code login.path} when there are several providers and no {@code login.default-provider}:
 * one link per provider, each starting a login at {@code <login.path>/<name>} with the same {@code return}.
 * It shows only names from the settings; the {@code return} it passes on is checked again where it is used.
 */
final class ProviderChooser {

    private final List<Registration> registrations;

    ProviderChooser(List<Registration> registrations) {
        this.registrations = registrations;
    }

    /**
     * @param appPath the app's root as the browser sees it (a proxy's prefix included)
     * @param returnWithinApp where to land after the login, a path within the app; null for its root
     */
    void send(WebExchange exchange, String appPath, String returnWithinApp) throws IOException {
        String returnQuery = returnWithinApp == null || !ReturnTo.sanitize(returnWithinApp).equals(returnWithinApp) ? ""
                : "?" + URLUtils.serializeParameters(Collections.singletonMap("return", Collections.singletonList(returnWithinApp)));
        StringBuilder links = new StringBuilder();
        for (Registration registration : registrations) {
            links.append("<li><a href=\"").append(FailureResponse.escape(appPath + registration.loginPath() + returnQuery))
                    .append("\">").append(FailureResponse.escape(registration.displayName())).append("</a></li>\n");
        }
        exchange.setHeader("Cache-Control", "no-store");
        exchange.setHeader("Referrer-Policy", "no-referrer");
        exchange.setHeader("X-Content-Type-Options", "nosniff");
        // Not in a frame on another site: a hidden chooser could be clicked for the user.
        exchange.setHeader("Content-Security-Policy", "frame-ancestors 'none'");
        exchange.send(200, "text/html;charset=UTF-8", "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>Sign in</title><meta name=\"robots\" content=\"noindex\"><meta name=\"viewport\""
                + " content=\"width=device-width\">" + FailureResponse.STYLE + "</head>\n<body>\n<h1>Sign in with</h1>\n<ul>\n"
                + links + "</ul>\n</body></html>\n");
    }
}
