package io.emabridge.sandbox.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;

/**
 * A sandbox's state kept in a JSON file: read once at start, written whole (to a
 * temporary file in the same folder, forced to disk, then moved over the old one, so a
 * reader never sees half a file) before a request that changed it is answered
 * ({@link #flush()}: concurrent requests share one write), and once more on
 * {@link #close()}. Neither real system forgets a write it acknowledged, so neither may a
 * sandbox that is killed. Changes made outside a request (seeding from a test) are
 * written within {@link #WRITE_INTERVAL}.
 * <p>
 * The file is a JSON object {@code {"format": "...", "version": 1, ...}}; the fields
 * after the version are the sandbox's own. A file that cannot be read, is not such an
 * object or is of another format fails the start, naming the file: the state in it is
 * never dropped silently.
 */
public final class StateFile implements AutoCloseable {

	/** How often changed state is written while the sandbox runs. */
	public static final Duration WRITE_INTERVAL = Duration.ofSeconds(1);

	/** Version of the file layout; files of a later version are refused. */
	public static final int VERSION = 1;

	private static final Logger LOG = LoggerFactory.getLogger(StateFile.class);

	private static final ObjectWriter WRITER = Json.MAPPER.writerWithDefaultPrettyPrinter();

	private final Path path;

	private final String format;

	private final Supplier<Map<String, Object>> snapshot;

	private final ScheduledExecutorService writer;

	private volatile boolean changed;

	private boolean closed;

	/**
	 * A state file that nothing has been read from or written to yet.
	 * @param path the file; its folder is created on the first write
	 * @param format the value of the file's {@code format} field, checked on reading
	 * @param snapshot the state to write: the fields that follow {@code format} and
	 * {@code version}
	 */
	public StateFile(Path path, String format, Supplier<Map<String, Object>> snapshot) {
		this.path = path.toAbsolutePath();
		this.format = format;
		this.snapshot = snapshot;
		this.writer = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, format + "-state-writer");
			thread.setDaemon(true);
			return thread;
		});
	}

	public Path path() {
		return this.path;
	}

	/**
	 * The file's content, or null when there is no file yet.
	 * @throws IllegalStateException naming the file when it cannot be read, is not valid
	 * JSON, or is not a state file of this format and version
	 */
	public JsonNode read() {
		if (!Files.exists(this.path)) {
			return null;
		}
		JsonNode state;
		try {
			state = Json.MAPPER.readTree(this.path.toFile());
		}
		catch (JacksonException ex) {
			throw unreadable(describe(ex), ex);
		}
		if (state == null || state.isMissingNode()) {
			throw unreadable("the file is empty", null);
		}
		if (!state.isObject()) {
			throw unreadable("the file does not hold a JSON object", null);
		}
		String found = Json.text(state, "format");
		if (!this.format.equals(found)) {
			throw unreadable("the format is " + ((found != null) ? "\"" + found + "\"" : "missing") + ", expected \""
					+ this.format + "\"", null);
		}
		JsonNode version = state.get("version");
		if (version == null || !version.isIntegralNumber() || version.asLong() < 1 || version.asLong() > VERSION) {
			throw unreadable("unsupported version " + version + " (this sandbox reads version " + VERSION + ")", null);
		}
		return state;
	}

	/**
	 * The exception that fails a start: the file could not be loaded, for the given
	 * reason.
	 */
	public IllegalStateException unreadable(String problem, Throwable cause) {
		return new IllegalStateException("Cannot load the " + this.format + " state file " + this.path + ": " + problem
				+ " (fix or remove the file)", cause);
	}

	/**
	 * The message of a reading or mapping failure, with where in the file it happened.
	 */
	public static String describe(JacksonException e) {
		StringBuilder message = new StringBuilder(String.valueOf(e.getOriginalMessage()));
		String reference = e.getPathReference();
		if (reference != null && !reference.isEmpty()) {
			message.append(" at ").append(reference);
		}
		TokenStreamLocation location = e.getLocation();
		if (location != null && location.getLineNr() > 0) {
			message.append(" (line ")
				.append(location.getLineNr())
				.append(", column ")
				.append(location.getColumnNr())
				.append(')');
		}
		return message.toString();
	}

	/**
	 * Notes that the state changed; the writer picks it up within
	 * {@link #WRITE_INTERVAL}. Cheap.
	 */
	public void changed() {
		if (!this.changed) {
			this.changed = true;
		}
	}

	/**
	 * Forgets earlier changes: the file holds the current state (as right after reading
	 * it).
	 */
	public void unchanged() {
		this.changed = false;
	}

	/** Starts writing changed state every {@link #WRITE_INTERVAL}. */
	public void start() {
		long interval = WRITE_INTERVAL.toMillis();
		this.writer.scheduleWithFixedDelay(this::writeIfChanged, interval, interval, TimeUnit.MILLISECONDS);
	}

	/**
	 * Writes the state now, whether it changed or not.
	 * @throws UncheckedIOException when the file cannot be written
	 */
	public synchronized void write() {
		this.changed = false;
		try {
			writeAtomically();
		}
		catch (IOException ex) {
			this.changed = true;
			throw new UncheckedIOException("Cannot write the sandbox state file " + this.path, ex);
		}
		catch (RuntimeException ex) {
			this.changed = true;
			throw ex;
		}
	}

	/**
	 * Writes the state now if it changed since the last write: before a change is
	 * acknowledged. A request whose change another's write already covered returns at
	 * once.
	 * @throws UncheckedIOException when the file cannot be written
	 */
	public synchronized void flush() {
		if (this.changed && !this.closed) {
			write();
		}
	}

	/** Stops the periodic writer and writes the state a last time. */
	@Override
	public void close() {
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
		}
		this.writer.shutdownNow();
		// File channels give up when their thread is interrupted: the last write must
		// not.
		boolean interrupted = Thread.interrupted();
		try {
			this.writer.awaitTermination(5, TimeUnit.SECONDS);
			write();
		}
		catch (InterruptedException ex) {
			interrupted = true;
			write();
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private void writeIfChanged() {
		synchronized (this) {
			if (!this.changed || this.closed) {
				return;
			}
			try {
				write();
			}
			catch (RuntimeException ex) {
				LOG.warn("Cannot write the sandbox state file {}; trying again in {} ms", this.path,
						WRITE_INTERVAL.toMillis(), ex);
			}
		}
	}

	private void writeAtomically() throws IOException {
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("format", this.format);
		document.put("version", VERSION);
		document.putAll(this.snapshot.get());
		Path folder = this.path.getParent();
		Files.createDirectories(folder);
		Path temporary = Files.createTempFile(folder, this.path.getFileName().toString() + ".", ".tmp");
		try {
			try (OutputStream out = Files.newOutputStream(temporary, StandardOpenOption.WRITE)) {
				WRITER.writeValue(out, document);
			}
			try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
				channel.force(true);
			}
			try {
				Files.move(temporary, this.path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException ex) {
				Files.move(temporary, this.path, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

}
