package dev.pkcefilter.testbed;

/** Stops a test class's servers and browser in order, each whatever happens to the others. */
public final class Shutdown {

    private Shutdown() {
    }

    /** @param resources what to close, in order; nulls (never started) are skipped */
    public static void closeAll(AutoCloseable... resources) {
        for (AutoCloseable resource : resources) {
            try {
                if (resource != null) {
                    resource.close();
                }
            } catch (Exception e) {
                // One resource failing to stop must not keep the others running.
                e.printStackTrace();
            }
        }
    }
}
