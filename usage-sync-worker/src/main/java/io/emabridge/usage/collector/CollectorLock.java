package io.emabridge.usage.collector;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Elects the collector: a PostgreSQL session-level advisory lock, held on a connection of its own for as long as a
 * run lasts. Whoever holds it collects; everyone else skips. When the holder dies, its database session ends and
 * PostgreSQL releases the lock by itself: there is no lease to wait out and nothing to clean up.
 */
public class CollectorLock {

	private static final Logger log = LoggerFactory.getLogger(CollectorLock.class);

	private final DataSource dataSource;

	private final long key;

	public CollectorLock(DataSource dataSource, long key) {
		this.dataSource = dataSource;
		this.key = key;
	}

	/** The lock if no one holds it, else empty; close the returned handle to release it. */
	public Optional<Held> tryAcquire() {
		Connection connection = null;
		try {
			connection = this.dataSource.getConnection();
			connection.setAutoCommit(true);
			try (PreparedStatement statement = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
				statement.setLong(1, this.key);
				try (ResultSet rs = statement.executeQuery()) {
					if (rs.next() && rs.getBoolean(1)) {
						return Optional.of(new Held(connection, this.key));
					}
				}
			}
			connection.close();
			return Optional.empty();
		}
		catch (SQLException ex) {
			closeQuietly(connection);
			throw new IllegalStateException("Could not ask the database for the collector lock", ex);
		}
	}

	private static void closeQuietly(Connection connection) {
		if (connection != null) {
			try {
				connection.close();
			}
			catch (SQLException ex) {
				log.debug("Closing a connection failed", ex);
			}
		}
	}

	/** A held lock; closing it releases the lock and the connection. */
	public static final class Held implements AutoCloseable {

		private final Connection connection;

		private final long key;

		Held(Connection connection, long key) {
			this.connection = connection;
			this.key = key;
		}

		@Override
		public void close() {
			try (PreparedStatement statement = this.connection.prepareStatement("select pg_advisory_unlock(?)")) {
				statement.setLong(1, this.key);
				statement.execute();
			}
			catch (SQLException ex) {
				// the session is likely gone, and the lock with it; the pool will drop the broken connection
				log.warn("Could not release the collector lock explicitly: {}", ex.toString());
			}
			finally {
				closeQuietly(this.connection);
			}
		}
	}
}
