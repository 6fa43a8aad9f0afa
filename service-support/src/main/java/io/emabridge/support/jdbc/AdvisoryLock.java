package io.emabridge.support.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
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
 * <p>
 * A session can end under a running holder (a database failover, a killed connection),
 * and with it the lock. A holder that writes through other connections can therefore ask,
 * inside the transaction it is about to commit, whether it still holds the lock
 * ({@link Held#isHeldAsSeenFrom(Connection)}).
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
			try (PreparedStatement statement = connection.prepareStatement("select pg_try_advisory_lock(?),"
					+ " pg_backend_pid(), (select backend_start from pg_stat_activity where pid = pg_backend_pid())")) {
				statement.setLong(1, this.key);
				try (ResultSet rs = statement.executeQuery()) {
					if (rs.next() && rs.getBoolean(1)) {
						return Optional.of(new Held(connection, this.key, this.what, rs.getInt(2),
								rs.getObject(3, OffsetDateTime.class)));
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

		private final int pid;

		private final OffsetDateTime backendStart;

		Held(Connection connection, long key, String what, int pid, OffsetDateTime backendStart) {
			this.connection = connection;
			this.key = key;
			this.what = what;
			this.pid = pid;
			this.backendStart = backendStart;
		}

		/**
		 * Whether the session that took the lock still holds it, as seen from another
		 * connection to the same database. Run inside a transaction, it lets that
		 * transaction commit only what the lock holder may write. The session is named by
		 * its process id and start time, so a new session that happens to get the same
		 * process id is not taken for it.
		 */
		public boolean isHeldAsSeenFrom(Connection other) throws SQLException {
			try (PreparedStatement statement = other.prepareStatement("""
					select exists (select 1 from pg_locks l join pg_stat_activity a on a.pid = l.pid
						where l.locktype = 'advisory' and l.granted and l.pid = ? and a.backend_start = ?
							and l.classid::bigint = ? and l.objid::bigint = ? and l.objsubid = 1
							and l.database = (select oid from pg_database where datname = current_database()))""")) {
				// a bigint key shows in pg_locks as its high and low 32 bits
				statement.setInt(1, this.pid);
				statement.setObject(2, this.backendStart);
				statement.setLong(3, this.key >>> 32);
				statement.setLong(4, this.key & 0xFFFFFFFFL);
				try (ResultSet rs = statement.executeQuery()) {
					return rs.next() && rs.getBoolean(1);
				}
			}
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
