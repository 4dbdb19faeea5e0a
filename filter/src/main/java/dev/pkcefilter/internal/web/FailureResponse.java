package dev.pkcefilter.internal.web;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.logging.Logger;

/**
 * The one place that answers a failed login: one WARN line with the reason, a reference id and a
 * detail this filter wrote itself, and an error page with the status, a text for the user, a hint
 * for the operator and the same reference id. Neither carries request content or secrets.
 */
public final class FailureResponse {

    /** How long a client should wait after the session store or cluster.store failed. */
    public static final long STORE_RETRY_AFTER_SECONDS = 5;

    private static final Logger LOG = Logger.getLogger(FailureResponse.class.getName());
    private static final char[] ID_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

    private final SecureRandom random = new SecureRandom();

    /**
     * @param home the app's root as the browser sees it (a proxy's prefix included), for the page's
     *     "Start again" link; a path
     */
    public void send(WebExchange exchange, LoginFailure failure, long retryAfterSeconds, String home) throws IOException {
        FailureReason reason = failure.reason();
        String reference = newReference();
        LOG.warning("pkce-filter: login failed reason=" + reason + " ref=" + reference + " status=" + reason.status()
                + " detail=" + failure.detail());
        exchange.setHeader("Cache-Control", "no-store");
        exchange.setHeader("Referrer-Policy", "no-referrer");
        exchange.setHeader("X-Content-Type-Options", "nosniff");
        if (reason == FailureReason.PROVIDER_UNAVAILABLE || reason == FailureReason.STORE_UNAVAILABLE) {
            exchange.setHeader("Retry-After", Long.toString(retryAfterSeconds));
        }
        if (reason == FailureReason.STORE_UNAVAILABLE && !Navigation.isNavigation(exchange)) {
            // An API call of a signed-in page: its script wants a status it can retry on, not a page.
            exchange.send(reason.status(), "application/json", "{\"error\":\"temporarily_unavailable\",\"reference\":\""
                    + reference + "\"}");
            return;
        }
        exchange.send(reason.status(), "text/html;charset=UTF-8", page(reason, reference, home));
    }

    private String newReference() {
        char[] id = new char[8];
        for (int i = 0; i < id.length; i++) {
            id[i] = ID_ALPHABET[random.nextInt(ID_ALPHABET.length)];
        }
        return new String(id);
    }

    // Every text here is ours (FailureReason constants and the reference id): nothing to escape
    // from outside, but the texts are escaped anyway so that an edited constant stays safe.
    private static String page(FailureReason reason, String reference, String home) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sign-in failed</title>"
                + "<meta name=\"robots\" content=\"noindex\"><meta name=\"viewport\" content=\"width=device-width\">"
                + STYLE + "</head>\n<body>\n<h1>" + escape(reason.userText()) + "</h1>\n"
                + "<p>Reference: <code>" + reference + "</code></p>\n<p><a href=\"" + escape(home) + "\">Start again</a></p>\n"
                + "<details><summary>For the site operator</summary><p>Reason: <code>" + reason + "</code> (HTTP "
                + reason.status() + ")</p><p>" + escape(reason.operatorHint()) + "</p>"
                + "<p>The server log has a line with the same reference.</p></details>\n</body></html>\n";
    }

    /** Inline (no request leaves for a stylesheet); the pages read the same without it. Shared with the chooser page. */
    public static final String STYLE = "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36em;margin:3em auto;"
            + "padding:0 1em;color:#1d1d1f}h1{font-size:1.4em}a{color:#0a58ca}code{background:#f1f1f3;padding:0 .25em;"
            + "border-radius:3px}details{margin-top:2em;color:#555}</style>";

    /** @return the text safe inside HTML content and double-quoted attributes; for every page the filter writes */
    public static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
