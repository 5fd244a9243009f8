package io.grpckit.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures what grpc-java logs through java.util.logging under a logger name, at every
 * level, until closed.
 */
public final class JulCapture extends Handler implements AutoCloseable {

	private final Logger logger;

	private final Level previousLevel;

	private final List<LogRecord> records = new CopyOnWriteArrayList<>();

	private JulCapture(String loggerName) {
		this.logger = Logger.getLogger(loggerName);
		this.previousLevel = this.logger.getLevel();
		this.logger.setLevel(Level.FINE);
		this.logger.addHandler(this);
	}

	public static JulCapture of(String loggerName) {
		return new JulCapture(loggerName);
	}

	public List<LogRecord> records() {
		return List.copyOf(this.records);
	}

	@Override
	public void publish(LogRecord record) {
		this.records.add(record);
	}

	@Override
	public void flush() {
	}

	@Override
	public void close() {
		this.logger.removeHandler(this);
		this.logger.setLevel(this.previousLevel);
	}

}
