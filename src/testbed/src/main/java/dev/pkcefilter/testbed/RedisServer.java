package dev.pkcefilter.testbed;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code redis-server} on a free loopback port, persistence off, as the several-nodes tests and runs use
 * it: a store the nodes share, gone when the test ends. Stopped by PID on {@link #close()}.
 */
public final class RedisServer implements AutoCloseable {

    private volatile ServerProcess process;
    private final int port;
    private final Path directory;

    private RedisServer(ServerProcess process, int port, Path directory) {
        this.process = process;
        this.port = port;
        this.directory = directory;
    }

    /**
     * @param directory its working directory, where its log goes too; not null
     * @return the running server
     * @throws IllegalStateException when it does not start (with its log's tail)
     */
    public static RedisServer start(Path directory) {
        int port = Ports.free();
        return new RedisServer(launch(directory, port, "redis.log"), port, directory);
    }

    private static ServerProcess launch(Path directory, int port, String log) {
        String redisServer = RequiredTool.REDIS_SERVER.require().toString();
        return ServerProcess.start("redis", List.of(redisServer, "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"), Map.of(), directory,
                directory.resolve(log), line -> line.contains("Ready to accept connections"), Duration.ofSeconds(30));
    }

    /**
     * Stops it as an outage does, its data written to its directory first ({@code SHUTDOWN SAVE}), so that
     * {@link #startAgain()} brings the same sessions back, as a Redis with persistence does after a restart.
     */
    public void stopKeepingData() {
        try {
            cli("SHUTDOWN", "SAVE");
        } catch (IllegalStateException closedOnItsWayOut) {
            // Some redis-cli versions report the connection the shutdown closed as a failure; the save came first.
        }
        process.close();
    }

    /**
     * Starts it again on the same port, with the data {@link #stopKeepingData()} saved.
     *
     * @throws IllegalStateException when it does not start (with its log's tail)
     */
    public void startAgain() {
        process = launch(directory, port, "redis-again-" + System.nanoTime() + ".log");
    }

    /** @return its port on 127.0.0.1 */
    public int port() {
        return port;
    }

    /**
     * Runs {@code redis-cli} against it.
     *
     * @param arguments the command and its arguments, e.g. {@code MEMORY USAGE key}
     * @return its output lines
     */
    public List<String> cli(String... arguments) {
        List<String> command = new ArrayList<>(List.of(RequiredTool.REDIS_CLI.require().toString(), "-p", Integer.toString(port)));
        command.addAll(List.of(arguments));
        try {
            Process cli = new ProcessBuilder(command).redirectErrorStream(true).start();
            List<String> lines = new ArrayList<>();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(cli.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    lines.add(line);
                }
            }
            if (cli.waitFor() != 0) {
                throw new IllegalStateException("redis-cli " + arguments[0] + " failed: " + lines);
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Records every command Redis receives while {@code action} runs ({@code MONITOR}). Marker commands before and
     * after bound the recording, so it holds exactly what came in between, without waiting a fixed time.
     *
     * @param action what to watch; not null
     * @return the monitor's lines, one per command, in order (values included: tokens, if the action stores any)
     */
    public List<String> monitor(Runnable action) {
        List<String> commands = new CopyOnWriteArrayList<>();
        BlockingQueue<String> arriving = new LinkedBlockingQueue<>();
        Process monitor;
        try {
            monitor = new ProcessBuilder(RequiredTool.REDIS_CLI.require().toString(), "-p", Integer.toString(port), "monitor").start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(monitor.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    arriving.add(line);
                }
            } catch (IOException e) {
                // The monitor ends when it is destroyed below.
            }
        }, "redis-monitor");
        reader.setDaemon(true);
        reader.start();
        try {
            // MONITOR answers OK once the server streams to it: a marker sent before that would be lost (and was,
            // now and then, when redis-cli took longer to connect than the test to send it).
            awaitLine(arriving, "OK");
            awaitMarker(arriving, "monitor-started", null);
            action.run();
            awaitMarker(arriving, "monitor-done", commands);
            return List.copyOf(commands);
        } finally {
            monitor.destroy();
        }
    }

    private static void awaitLine(BlockingQueue<String> arriving, String expected) {
        try {
            String line = arriving.poll(10, TimeUnit.SECONDS);
            if (!expected.equals(line)) {
                throw new IllegalStateException("redis-cli monitor answered " + line + " instead of " + expected);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Sends a harmless command with a marker and waits until the monitor shows it, keeping what came before. */
    private void awaitMarker(BlockingQueue<String> arriving, String marker, List<String> before) {
        cli("echo", marker);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        try {
            for (String line = arriving.poll(10, TimeUnit.SECONDS); ; line = arriving.poll(
                    Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                if (line == null) {
                    throw new IllegalStateException("redis-cli monitor never showed " + marker);
                }
                if (line.contains("\"" + marker + "\"")) {
                    return;
                }
                if (before != null) {
                    before.add(line);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
