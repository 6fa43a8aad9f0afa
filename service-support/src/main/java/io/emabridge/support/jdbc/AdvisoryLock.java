package io.emabridge.support.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One holder at a time across all instances: a PostgreSQL session-level advisory lock,
 * held on a connection of its own for as long as a run lasts. Whoever holds it runs;
 * everyone else skips. When the holder dies, its database session ends and PostgreSQL
 * releases the lock by itself: there is no lease to wait out and nothing to clean up.
 * <p>
 * Give it a data source outside the connection pool: closing the connection then ends the
 * session for certain, so a lock can never stay behind on a pooled connection.
 */
public class AdvisoryLock {

	private static final Logger log = LoggerFactory.getLogger(AdvisoryLock.class);

	private final DataSource dataSource;

	private final long key;

	private final String what;

	/**
	 * A lock on connections of the given data source, which should be outside the
	 * connection pool.
	 * @param key the lock's key, one per job among the application's advisory locks
	 * @param what what the lock is for, in log and error messages ("the collector lock")
	 */
	public AdvisoryLock(DataSource dataSource, long key, String what) {
		this.dataSource = dataSource;
		this.key = key;
		this.what = what;
	}

	/**
	 * The lock if no one holds it, else empty; close the returned handle to release it.
	 */
	public Optional<Held> tryAcquire() {
		Connection connection = null;
		try {
			connection = this.dataSource.getConnection();
			connection.setAutoCommit(true);
			try (PreparedStatement statement = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
				statement.setLong(1, this.key);
				try (ResultSet rs = statement.executeQuery()) {
					if (rs.next() && rs.getBoolean(1)) {
						return Optional.of(new Held(connection, this.key, this.what));
					}
				}
			}
			connection.close();
			return Optional.empty();
		}
		catch (SQLException ex) {
			closeQuietly(connection);
			throw new IllegalStateException("Could not ask the database for " + this.what, ex);
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

		private final String what;

		Held(Connection connection, long key, String what) {
			this.connection = connection;
			this.key = key;
			this.what = what;
		}

		@Override
		public void close() {
			try (PreparedStatement statement = this.connection.prepareStatement("select pg_advisory_unlock(?)")) {
				statement.setLong(1, this.key);
				statement.execute();
			}
			catch (SQLException ex) {
				// the session is likely gone, and the lock with it; the pool will drop
				// the broken connection
				log.warn("Could not release {} explicitly: {}", this.what, ex.toString());
			}
			finally {
				closeQuietly(this.connection);
			}
		}

	}

}
