package dev.pkcefilter;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects what the filter logs, formatted as a container would print it. */
public final class LogCapture extends Handler implements AutoCloseable {

    public final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Logger logger = Logger.getLogger("dev.pkcefilter");

    public LogCapture() {
        logger.addHandler(this);
        setLevel(Level.ALL);
    }

    public List<String> warnings() {
        return records.stream().filter(r -> r.getLevel() == Level.WARNING).map(LogRecord::getMessage).toList();
    }

    @Override public void publish(LogRecord record) { records.add(record); }
    @Override public void flush() { }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
