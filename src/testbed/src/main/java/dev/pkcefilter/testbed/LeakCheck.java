package dev.pkcefilter.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * The reusable leak check: everything the filter logged (java.util.logging, at every level, with
 * stack traces), and every header and page the app sent, must contain none of the secrets of the
 * logins that ran (codes, verifiers, tokens, client secrets).
 */
public final class LeakCheck extends Handler implements AutoCloseable {

    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Logger root = Logger.getLogger("");
    private final Logger filterLogger = Logger.getLogger("dev.pkcefilter");
    private final Level previousLevel;
    private final SimpleFormatter formatter = new SimpleFormatter();

    /** Starts capturing every log line, the filter's FINE ones included; {@link #close()} stops it. */
    public LeakCheck() {
        setLevel(Level.ALL);
        previousLevel = filterLogger.getLevel();
        // The filter's FINE lines count too: an operator may switch them on.
        filterLogger.setLevel(Level.ALL);
        root.addHandler(this);
    }

    /** @return the lines logged so far, formatted as a container prints them */
    public List<String> logged() {
        return List.copyOf(logged);
    }

    @Override
    public void publish(LogRecord record) {
        StringBuilder line = new StringBuilder(formatter.format(record));
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.append(trace);
        }
        logged.add(line.toString());
    }

    /**
     * @param secrets the values that must not appear; values shorter than 8 characters are ignored
     *     (they would match by accident)
     * @param appResponses what the app sent to the browser
     */
    public void assertNothingLeaked(Collection<String> secrets, List<ScriptedBrowser.Response> appResponses) {
        List<String> leaks = new ArrayList<>();
        for (String secret : secrets) {
            if (secret == null || secret.length() < 8) {
                continue;
            }
            for (String line : logged) {
                if (line.contains(secret)) {
                    leaks.add("log line: " + line.lines().findFirst().orElse(""));
                }
            }
            for (ScriptedBrowser.Response response : appResponses) {
                for (Map.Entry<String, List<String>> header : response.headers().entrySet()) {
                    if (String.join(",", header.getValue()).contains(secret)) {
                        leaks.add("header " + header.getKey() + " of " + response.uri().getPath());
                    }
                }
                if (response.body().contains(secret)) {
                    leaks.add("page " + response.uri().getPath() + " (HTTP " + response.status() + ")");
                }
            }
        }
        // The message names where, never the secret itself.
        assertEquals(List.of(), leaks, "secrets leaked");
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        root.removeHandler(this);
        filterLogger.setLevel(previousLevel);
    }
}
