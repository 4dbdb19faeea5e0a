package dev.pkcefilter.internal.web;

/**
 * Why a login could not go on: a small, fixed set, each with the HTTP status and the texts the
 * error page shows. The hint is for an operator; none of these texts carries request content.
 */
public enum FailureReason {
    LOGIN_REQUEST_INVALID(400, "This sign-in link is not valid.",
            "A request to login.path carried a prompt other than login, consent or select_account, or a login_hint"
                    + " longer than 256 characters or with control characters."),
    CALLBACK_MALFORMED(400, "The sign-in response could not be read.",
            "The callback had no usable state/code parameters: it was not sent by the provider as a login response."),
    STATE_NO_SESSION(400, "Your sign-in could not be matched to this browser.",
            "No session cookie arrived with the callback: check the session cookie's SameSite, Secure, domain and path, "
                    + "that the login started on this host, and that all nodes share sessions."),
    STATE_SESSION_LOST(400, "Your sign-in could not be matched to this browser.",
            "A session cookie arrived but its session is gone: it expired, the server restarted, or another node served the login start."),
    FORM_POST_UNBOUND(400, "Your sign-in could not be matched to this browser.",
            "A form_post callback came without the binding cookie of its login, or with another value: replayed, posted from"
                    + " another browser or site, or the cookie was dropped (it is SameSite=None; Secure, so the app must be on https)."),
    FORM_POST_NEEDS_TLS(400, "This address cannot be used to sign in.",
            "The provider answers with form_post, which needs the app on https (its binding cookie is SameSite=None; Secure);"
                    + " this request came over plain http to a host that is not loopback."),
    STATE_UNKNOWN(400, "This sign-in link was already used or does not belong to this browser.",
            "The session has no pending login with this state: it was already used (replay or back button), evicted by too many "
                    + "parallel logins, or started in another browser."),
    STATE_EXPIRED(400, "Your sign-in took too long.",
            "The pending login expired before the callback arrived (login.pending-ttl-seconds)."),
    HOST_NOT_ALLOWED(400, "This address cannot be used to sign in.",
            "The request's host (from the Host header or a trusted proxy's forwarding headers) is not in proxy.allowed-hosts."),
    PROXY_HEADERS_CONFLICT(400, "This address cannot be used to sign in.",
            "The request came through a trusted proxy with Forwarded and X-Forwarded-* headers that proxy.headers does not"
                    + " allow together (auto: both families present; both: they disagree). One family may be the client's:"
                    + " set proxy.headers to the family the proxy sets, and have the proxy clear the other."),
    WRONG_ORIGIN(400, "Your sign-in came back to a different address than it started from.",
            "The callback arrived on another origin or path than the login started on: check external.base-url, proxy.trusted"
                    + " and the proxy's forwarding headers; the log line names both addresses."),
    ISSUER_MISMATCH(400, "The sign-in response came from an unexpected provider.",
            "The callback's iss parameter is missing or does not match the configured issuer (RFC 9207): possible mix-up attack."),
    PROVIDER_MIX_UP(400, "The sign-in response came from an unexpected provider.",
            "The callback arrived at another provider's redirect URI than the one the login was sent to (each provider has"
                    + " its own, RFC 9700 §4.4.2): a response was delivered to the wrong provider's address, possibly a mix-up attack."),
    ACCESS_DENIED(403, "Sign-in was cancelled or refused.",
            "The provider answered access_denied: the user declined, or is not allowed to use this app."),
    PROVIDER_ERROR(502, "The identity provider could not complete the sign-in.",
            "The provider returned an error to the callback; the log line names the error code."),
    TOKEN_EXCHANGE_FAILED(502, "The identity provider did not accept the sign-in.",
            "The token call failed; the log line names the provider's error code (invalid_grant: code used, expired or issued "
                    + "to another login; invalid_client or unauthorized_client: client authentication, such as a wrong secret or key, "
                    + "or a method the provider does not allow for this client)."),
    PUSHED_REQUEST_REFUSED(502, "The identity provider did not accept the sign-in request.",
            "The pushed authorization request (RFC 9126) was refused; the log line names the provider's error code"
                    + " (invalid_client: client authentication; invalid_request or invalid_scope: a parameter of the request)."),
    USERINFO_FAILED(502, "The identity provider's answer could not be verified.",
            "The userinfo call failed or its sub differs from the ID token's; the log line says which."),
    STEP_UP_NOT_MET(403, "This page needs a stronger sign-in than the one the identity provider confirmed.",
            "The ID token of a step-up login has no acr from step-up.acr-values, or no auth_time within"
                    + " step-up.max-age-seconds: the provider ignored acr_values or max_age, or the user could not meet them."),
    PATH_AMBIGUOUS(400, "This address is not valid.",
            "The request's path holds '//', '/./', '/../', a backslash or an encoded '/', '\\' or '.', and read plainly it"
                    + " leads to a step-up path: refused, as the container and the app may each read it another way."),
    ID_TOKEN_INVALID(502, "The identity provider's answer could not be verified.",
            "The ID token failed verification; the log line names the check."),
    STORE_UNAVAILABLE(503, "Sign-in is unavailable right now. Please try again shortly.",
            "The session store or cluster.store failed (the log line names the failure's class): a shared store such as"
                    + " Redis that is down, or slower than its client's command timeout. Nobody is admitted meanwhile."),
    PROVIDER_UNAVAILABLE(503, "Sign-in is unavailable right now. Please try again shortly.",
            "The provider could not be reached or its discovery document is unusable; see the log.");

    private final int status;
    private final String userText;
    private final String operatorHint;

    FailureReason(int status, String userText, String operatorHint) {
        this.status = status;
        this.userText = userText;
        this.operatorHint = operatorHint;
    }

    public int status() { return status; }
    public String userText() { return userText; }
    public String operatorHint() { return operatorHint; }
}
