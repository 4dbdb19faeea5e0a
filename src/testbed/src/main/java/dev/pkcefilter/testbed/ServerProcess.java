package dev.pkcefilter.testbed;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A server started as a child process on loopback (a provider, Redis): its output goes to a log file, and it counts as started
 * when it prints its ready line. The wait reads the output as it comes (no polling); a process that exits or
 * stays silent past the deadline fails the test with the tail of its log. Stopped by its PID, children
 * first, on {@link #close()}.
 */
public final class ServerProcess implements AutoCloseable {

    /**
     * The JVM option for a server that a test starts and stops within minutes (a provider, a container, Keycloak):
     * the client compiler only. Such a JVM spends much of its CPU compiling while it starts, work that does not pay
     * off before the test ends: Keycloak 26 starts on 17 s of CPU with it, 26 to 31 s without. Not for a JVM that
     * signs with RSA in bulk, or makes an RSA key while a client waits (WildFly's https listener): C1 has no
     * BigInteger intrinsics, and RSA runs six times slower there.
     */
    public static final String SHORT_LIVED_JVM = "-XX:TieredStopAtLevel=1";
    /**
     * {@link #SHORT_LIVED_JVM} and the serial collector, as one line for an environment variable
     * ({@code JAVA_TOOL_OPTIONS}, {@code CATALINA_OPTS}): on 2 cores it spends less CPU than G1's concurrent
     * threads. Not for Keycloak, whose kc.sh names G1 itself: a JVM given two collectors refuses to start.
     */
    public static final String SHORT_LIVED_SERIAL_JVM = SHORT_LIVED_JVM + " -XX:+UseSerialGC";

    private static final int TAIL_LINES = 40;

    private final String name;
    private final Process process;
    private final Path log;
    private final Deque<String> tail = new ArrayDeque<>();

    private ServerProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * @param name what to call it in messages, such as {@code keycloak}
     * @param command the program and its arguments
     * @param environment added to this JVM's environment
     * @param directory the working directory
     * @param log where its output goes
     * @param ready recognizes the line that says it serves requests
     * @param patience how long it may take to print that line
     * @return the started process
     * @throws IllegalStateException when it exits, or is not ready in time; the message has its log's tail
     */
    public static ServerProcess start(String name, List<String> command, Map<String, String> environment, Path directory,
            Path log, Predicate<String> ready, Duration patience) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process;
        try {
            Files.createDirectories(log.getParent());
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException(name + " could not be started: " + command, e);
        }
        ServerProcess server = new ServerProcess(name, process, log);
        CompletableFuture<Void> started = new CompletableFuture<>();
        Thread copier = new Thread(() -> server.copyOutput(ready, started), name + "-output");
        copier.setDaemon(true);
        copier.start();
        try {
            started.get(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            server.close();
            throw new IllegalStateException(name + " was not ready within " + patience.toSeconds() + " s; its log ("
                    + log + ") ends with:\n" + server.tail());
        } catch (ExecutionException e) {
            server.close();
            throw new IllegalStateException(name + " stopped before it was ready (" + e.getCause().getMessage()
                    + "); its log (" + log + ") ends with:\n" + server.tail());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
            throw new IllegalStateException("interrupted while " + name + " was starting", e);
        }
        return server;
    }

    private void copyOutput(Predicate<String> ready, CompletableFuture<Void> started) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                Writer file = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                file.write(line);
                file.write('\n');
                file.flush();
                remember(line);
                if (!started.isDone() && ready.test(line)) {
                    started.complete(null);
                }
            }
            started.completeExceptionally(new IllegalStateException("it exited"));
        } catch (IOException e) {
            started.completeExceptionally(e);
        }
    }

    private synchronized void remember(String line) {
        tail.addLast(line);
        if (tail.size() > TAIL_LINES) {
            tail.removeFirst();
        }
    }

    /** @return the last lines it printed */
    private synchronized String tail() {
        return String.join("\n", tail);
    }

    /** Stops it and its children by PID: TERM, then KILL for whatever still runs after 20 seconds. */
    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        children.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            for (ProcessHandle child : children) {
                child.onExit().get(20, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /**
     * Kills it and its children at once (SIGKILL), as a crash or an out-of-memory killer would: no shutdown
     * hooks, nothing flushed. Returns when they are gone.
     */
    public void kill() {
        List<ProcessHandle> children = process.descendants().toList();
        children.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor();
            for (ProcessHandle child : children) {
                child.onExit().get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(name + " did not exit when killed", e);
        }
    }

    /** @return whether it still runs */
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public String toString() {
        return "ServerProcess[" + name + ", pid " + process.pid() + "]";
    }
}
