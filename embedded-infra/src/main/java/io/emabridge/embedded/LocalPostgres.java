package io.emabridge.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server run as a child process of this JVM, from the binaries packaged
 * for embedding. The data directory is kept between starts. PostgreSQL refuses to run as
 * root; when this JVM is root, the server runs in a user namespace where it is "nobody",
 * while the files it writes still belong to the caller.
 */
public final class LocalPostgres implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(LocalPostgres.class);

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

	private final PostgresBinaries binaries;

	private final Path dataDir;

	private final int port;

	private final Process process;

	private LocalPostgres(PostgresBinaries binaries, Path dataDir, int port, Process process) {
		this.binaries = binaries;
		this.dataDir = dataDir;
		this.port = port;
		this.process = process;
	}

	/**
	 * Initialises the data directory when it is new, then starts the server on loopback.
	 * @param dataDir where the cluster lives
	 * @param port the port, 0 for a free one
	 * @param settings server settings ({@code -c name=value}) on top of the defaults
	 */
	public static LocalPostgres start(Path dataDir, int port, Map<String, String> settings) {
		PostgresBinaries binaries = PostgresBinaries.extract();
		int actualPort = (port != 0) ? port : FreePorts.pick();
		try {
			Files.createDirectories(dataDir);
			if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
				binaries.run(List.of("initdb", "-A", "trust", "-U", "postgres", "-D", dataDir.toString(), "-E", "UTF8",
						"--locale=C"), Duration.ofMinutes(2));
			}
			stopLeftover(binaries, dataDir);
			List<String> args = new ArrayList<>(List.of("postgres", "-D", dataDir.toString(), "-p",
					String.valueOf(actualPort), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=",
					"-c", "max_connections=300"));
			settings.forEach((name, value) -> {
				args.add("-c");
				args.add(name + "=" + value);
			});
			Process process = binaries.start(args, dataDir.resolve("postgres.log"));
			LocalPostgres postgres = new LocalPostgres(binaries, dataDir, actualPort, process);
			postgres.awaitReady();
			log.info("PostgreSQL listening on 127.0.0.1:{}, data in {}", actualPort, dataDir);
			return postgres;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static LocalPostgres start(Path dataDir, int port) {
		return start(dataDir, port, Map.of());
	}

	/** Settings for throw-away test clusters: durability traded for speed. */
	public static Map<String, String> fastUnsafeSettings() {
		return Map.of("fsync", "off", "synchronous_commit", "off", "full_page_writes", "off");
	}

	public int port() {
		return this.port;
	}

	public String jdbcUrl(String database) {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/" + database;
	}

	public String username() {
		return "postgres";
	}

	/** Creates the database unless it exists. */
	public void createDatabase(String name) {
		if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
			throw new IllegalArgumentException("database names here are lowercase identifiers: " + name);
		}
		try (Connection connection = connect("postgres");
				var exists = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
			exists.setString(1, name);
			if (!exists.executeQuery().next()) {
				connection.createStatement().execute("create database " + name);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create database " + name, ex);
		}
	}

	public Connection connect(String database) throws SQLException {
		return DriverManager.getConnection(jdbcUrl(database), username(), "");
	}

	/**
	 * Stops the server. The caller owns the lifecycle (a shutdown hook, a
	 * try-with-resources); a server left behind by a killed JVM is stopped by the next
	 * start on the same data directory.
	 */
	@Override
	public void close() {
		if (!this.process.isAlive()) {
			return;
		}
		try {
			// "fast" mode: roll back open transactions and stop now, instead of waiting
			// for clients to leave.
			this.binaries.run(List.of("pg_ctl", "stop", "-D", this.dataDir.toString(), "-m", "fast", "-w"),
					Duration.ofSeconds(30));
			this.process.waitFor(30, TimeUnit.SECONDS);
		}
		catch (RuntimeException | InterruptedException ex) {
			log.warn("PostgreSQL did not stop cleanly, killing it: {}", ex.getMessage());
		}
		this.process.destroyForcibly();
	}

	private void awaitReady() {
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		SQLException last = null;
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(
						"PostgreSQL exited at start-up; see " + this.dataDir.resolve("postgres.log"));
			}
			try (Connection connection = connect("postgres")) {
				return;
			}
			catch (SQLException ex) {
				last = ex;
				// the server has no readiness callback: poll it
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
			}
		}
		this.process.destroyForcibly();
		throw new IllegalStateException("PostgreSQL did not accept connections within " + STARTUP_TIMEOUT, last);
	}

	/**
	 * A server left running by a JVM that was killed would hold the data directory: stop
	 * it first.
	 */
	private static void stopLeftover(PostgresBinaries binaries, Path dataDir) {
		if (Files.exists(dataDir.resolve("postmaster.pid"))) {
			try {
				binaries.run(List.of("pg_ctl", "stop", "-D", dataDir.toString(), "-m", "immediate", "-w"),
						Duration.ofSeconds(30));
			}
			catch (RuntimeException ex) {
				// no server was running: pg_ctl only complains about the stale pid file,
				// which postgres removes
			}
		}
	}

}
