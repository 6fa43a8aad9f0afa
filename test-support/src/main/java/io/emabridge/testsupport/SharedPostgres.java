package io.emabridge.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import org.testcontainers.postgresql.PostgreSQLContainer;

import io.emabridge.embedded.LocalPostgres;

/**
 * The one PostgreSQL server of a test JVM: a Testcontainers server where a Docker engine
 * runs, otherwise the embedded one. Each caller gets a database of its own.
 */
public final class SharedPostgres {

	/**
	 * The container image: the major version of the embedded server's binaries and of the
	 * compose file's image, so that tests, the local stack and compose run one
	 * PostgreSQL.
	 */
	public static final String IMAGE = "postgres:14-alpine";

	private static volatile Server server;

	private SharedPostgres() {
	}

	/** A new, empty database on the shared server. */
	public static Database newDatabase() {
		Server current = server();
		String name = TestNames.databaseName();
		try (Connection connection = DriverManager.getConnection(current.jdbcUrl("postgres"), current.username(),
				current.password())) {
			connection.createStatement().execute("create database " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create test database " + name, ex);
		}
		return new Database(current.jdbcUrl(name), current.username(), current.password());
	}

	private static Server server() {
		if (server == null) {
			synchronized (SharedPostgres.class) {
				if (server == null) {
					server = start();
				}
			}
		}
		return server;
	}

	private static Server start() {
		if (TestInfrastructure.useContainers()) {
			var container = new PostgreSQLContainer(IMAGE);
			container.start();
			Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "postgres-container-stop"));
			return new Server(container.getHost(), container.getFirstMappedPort(), container.getUsername(),
					container.getPassword());
		}
		try {
			var dataDir = Files.createTempDirectory("ema-test-postgres");
			LocalPostgres postgres = LocalPostgres.start(dataDir, 0, LocalPostgres.fastUnsafeSettings());
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				postgres.close();
				TestInfrastructure.deleteRecursively(dataDir);
			}, "postgres-embedded-stop"));
			return new Server("127.0.0.1", postgres.port(), postgres.username(), "");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Where to reach a test database. */
	public record Database(String jdbcUrl, String username, String password) {

		public Connection connect() throws SQLException {
			return DriverManager.getConnection(this.jdbcUrl, this.username, this.password);
		}
	}

	private record Server(String host, int port, String username, String password) {

		String jdbcUrl(String database) {
			return "jdbc:postgresql://" + this.host + ":" + this.port + "/" + database;
		}
	}

}
