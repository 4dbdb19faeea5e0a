package dev.pkcefilter;

/**
 * A login step that could not go on. The detail is written by this filter from fixed texts and
 * sanitised tokens (an error code, a status), never a provider's message or request content, so it
 * is safe for the log line.
 */
final class LoginFailure extends Exception {

    private static final long serialVersionUID = 1L;

    private final FailureReason reason;

    LoginFailure(FailureReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    FailureReason reason() {
        return reason;
    }

    String detail() {
        return getMessage();
    }
}
