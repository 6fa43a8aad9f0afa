package io.emabridge.provisioning.drift;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reconciliation at a time across all instances: a PostgreSQL session-level advisory lock held on a connection
 * of its own while a run lasts, so that two instances never both fix. A crashed holder's session ends and PostgreSQL
 * releases the lock by itself.
 */
class ReconcileLock {

	private static final Logger log = LoggerFactory.getLogger(ReconcileLock.class);

	/** "ema-drift" in ASCII: a key of its own among the application's advisory locks. */
	static final long KEY = 0x656d612d6472L;

	private final DataSource dataSource;

	ReconcileLock(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/** The lock if no one holds it, else empty; close the returned handle to release it. */
	Optional<Held> tryAcquire() {
		Connection connection = null;
		try {
			connection = this.dataSource.getConnection();
			connection.setAutoCommit(true);
			try (PreparedStatement statement = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
				statement.setLong(1, KEY);
				try (ResultSet rs = statement.executeQuery()) {
					if (rs.next() && rs.getBoolean(1)) {
						return Optional.of(new Held(connection));
					}
				}
			}
			connection.close();
			return Optional.empty();
		}
		catch (SQLException ex) {
			closeQuietly(connection);
			throw new IllegalStateException("Could not ask the database for the reconciliation lock", ex);
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
	static final class Held implements AutoCloseable {

		private final Connection connection;

		Held(Connection connection) {
			this.connection = connection;
		}

		@Override
		public void close() {
			try (PreparedStatement statement = this.connection.prepareStatement("select pg_advisory_unlock(?)")) {
				statement.setLong(1, KEY);
				statement.execute();
			}
			catch (SQLException ex) {
				// the session is likely gone, and the lock with it
				log.warn("Could not release the reconciliation lock explicitly: {}", ex.toString());
			}
			finally {
				closeQuietly(this.connection);
			}
		}
	}
}
