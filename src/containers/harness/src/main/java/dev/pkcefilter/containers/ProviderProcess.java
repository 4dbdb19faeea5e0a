package dev.pkcefilter.containers;

import dev.pkcefilter.testbed.ExampleWarProvider;
import dev.pkcefilter.testbed.ServerProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The test bed's provider for the example WAR ({@link ExampleWarProvider}) in a JVM of its own ({@code java -jar
 * pkce-filter-testbed-<version>-provider.jar --port 0}, unpacked: see {@link ProviderStartup}), for tests whose
 * classpath holds a servlet container that cannot live beside the provider's Tomcat 10.1. It knows the user
 * {@value #USER}/{@value #PASSWORD} and the client {@value #CLIENT_ID}, whose redirect URI is the example WAR's
 * callback at {@value #CONTEXT_PATH} on any port of 127.0.0.1, over http or https.
 *
 * <p>{@link #start} returns once the child has printed its issuer, which it does after it accepts connections
 * and has registered the client. The child's output is copied to this JVM's standard output, prefixed.
 */
public final class ProviderProcess implements AutoCloseable {

    /** The system property naming the provider's executable jar; the container modules' failsafe sets it. */
    public static final String JAR_PROPERTY = "pkcefilter.provider.jar";
    /** The one user who can sign in. */
    public static final String USER = ExampleWarProvider.USER;
    /** {@link #USER}'s password. */
    public static final String PASSWORD = ExampleWarProvider.PASSWORD;
    /** The client the provider has registered for the example WAR ({@code client_secret_basic}). */
    public static final String CLIENT_ID = ExampleWarProvider.CLIENT_ID;
    /** {@link #CLIENT_ID}'s secret. */
    public static final String CLIENT_SECRET = ExampleWarProvider.CLIENT_SECRET;
    /** The context path the provider's client expects the example WAR at. */
    public static final String CONTEXT_PATH = ExampleWarProvider.CONTEXT_PATH;

    private static final String ISSUER_LINE = ExampleWarProvider.ISSUER_LINE.trim();
    private static final long START_TIMEOUT_SECONDS = 90;
    private static final long STOP_TIMEOUT_SECONDS = 20;
    private static final int KEPT_LINES = 200;

    private final Process process;
    private final String issuer;
    private final ProviderStartup startup;

    private ProviderProcess(Process process, String issuer, ProviderStartup startup) {
        this.process = process;
        this.issuer = issuer;
        this.startup = startup;
    }

    /**
     * Starts the provider from the jar named by the system property {@value #JAR_PROPERTY}, on the Java that
     * runs this JVM, and waits for its issuer.
     *
     * @return the running provider
     * @throws IllegalStateException when the jar is missing, or the child exits or stays silent instead of
     *     announcing its issuer (the message carries the child's last output lines)
     */
    public static ProviderProcess start() {
        String jar = System.getProperty(JAR_PROPERTY);
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("expected the provider's jar at system property " + JAR_PROPERTY
                    + " (build src/testbed first), found " + jar);
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProviderStartup startup = ProviderStartup.prepare(Path.of(jar), java);
        // C1 only and the serial collector: the provider lives for seconds on a 2-core machine, where a
        // shorter start matters more than peak speed.
        List<String> command = new ArrayList<>(List.of(java.toString(), ServerProcess.SHORT_LIVED_JVM, "-XX:+UseSerialGC"));
        command.addAll(startup.jvmOptions());
        command.addAll(List.of("-jar", startup.executable().toString(), "--port", "0"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + java, e);
        }
        try {
            return new ProviderProcess(process, awaitIssuer(process), startup);
        } catch (RuntimeException e) {
            process.destroyForcibly();
            startup.childExited(false);
            throw e;
        }
    }

    /** Reads the child's output on a thread of its own, which keeps draining it so the child never blocks on a full pipe. */
    private static String awaitIssuer(Process process) {
        CompletableFuture<String> issuer = new CompletableFuture<>();
        List<String> lastLines = new ArrayList<>();
        Thread reader = new Thread(() -> copyOutput(process, issuer, lastLines), "provider-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return issuer.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the provider printed no issuer within " + START_TIMEOUT_SECONDS
                    + " s; its output: " + snapshot(lastLines), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the provider", e);
        }
    }

    private static void copyOutput(Process process, CompletableFuture<String> issuer, List<String> lastLines) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                System.out.println("[provider] " + line);
                synchronized (lastLines) {
                    lastLines.add(line);
                    if (lastLines.size() > KEPT_LINES) {
                        lastLines.remove(0);
                    }
                }
                if (line.startsWith(ISSUER_LINE)) {
                    issuer.complete(line.substring(ISSUER_LINE.length()).trim());
                }
            }
        } catch (IOException e) {
            // The pipe breaks when the child is killed; if that happened before the issuer came, say so below.
        }
        issuer.completeExceptionally(new IllegalStateException("the provider stopped before printing its issuer"
                + exitCode(process) + "; its output: " + snapshot(lastLines)));
    }

    private static String exitCode(Process process) {
        try {
            // Its output has ended, so the child is exiting or gone.
            return process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS) ? " (exit code " + process.exitValue() + ")" : "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static String snapshot(List<String> lastLines) {
        synchronized (lastLines) {
            return lastLines.isEmpty() ? "(none)" : String.join(System.lineSeparator(), lastLines);
        }
    }

    /** @return the issuer identifier, {@code http://localhost:<port>} */
    public String issuer() {
        return issuer;
    }

    /**
     * Stops the child (SIGTERM, so its shutdown hook closes the server) and waits for it to end; forcibly after
     * {@value #STOP_TIMEOUT_SECONDS} s. Idempotent.
     */
    @Override
    public void close() {
        process.destroy();
        try {
            if (process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                startup.childExited(true);
            } else {
                process.destroyForcibly().waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                startup.childExited(false);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            startup.childExited(false);
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "ProviderProcess[" + Objects.toString(issuer) + ", pid " + process.pid() + "]";
    }
}
