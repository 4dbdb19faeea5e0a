package dev.pkcefilter.internal.web;

/**
 * A login step that could not go on. The detail is written by this filter from fixed texts and
 * sanitised tokens (an error code, a status), never a provider's message or request content, so it
 * is safe for the log line.
 */
public final class LoginFailure extends Exception {

    private static final long serialVersionUID = 1L;

    private final FailureReason reason;

    public LoginFailure(FailureReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public FailureReason reason() {
        return reason;
    }

    public String detail() {
        return getMessage();
    }
}
