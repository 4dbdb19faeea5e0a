package dev.pkcefilter.internal.web;

/**
 * The session store or the {@code cluster.store} failed (Redis down, or slower than its client's timeout): what
 * the filter needed to decide cannot be read or kept now. The filter answers 503 with {@code Retry-After}
 * ({@link FailureReason#STORE_UNAVAILABLE}); it never admits a request it could not check. The message names the
 * store and the failure's class only: a store client's own message may quote keys or addresses.
 */
public final class StoreUnavailable extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param store which store, for the log line, e.g. "the session store"
     * @param cause what the store's client threw
     */
    public StoreUnavailable(String store, RuntimeException cause) {
        super(store + " failed (" + cause.getClass().getName() + ")", cause);
    }

    /** @return the failure as it is, when it is one already; otherwise a failure of {@code store} */
    public static StoreUnavailable of(String store, RuntimeException failure) {
        return failure instanceof StoreUnavailable ? (StoreUnavailable) failure : new StoreUnavailable(store, failure);
    }
}
