package dev.pkcefilter.containers;

/**
 * A full Jakarta EE (or Java EE) server started from its distribution for a test (WildFly, Payara): what
 * {@link FullServerTests} needs of it. Stopped by PID at {@link #close}.
 */
public interface FullServer extends AutoCloseable {

    /** @return the port of its HTTP listener, on 127.0.0.1 */
    int httpPort();

    /** @return the port of its own https listener, with the server's self-signed certificate */
    int httpsPort();

    /** @return the server's log so far: boot messages, deployment results and the app's log lines */
    String log();

    /** @return whether the log says the WAR at this context path is deployed */
    boolean deployed(String contextPath);

    /** @return whether the log says the deployment of the WAR at this context path failed */
    boolean deploymentFailed(String contextPath);

    /** @return whether the log names this version as the one running */
    boolean runs(String version);

    @Override
    void close();
}
