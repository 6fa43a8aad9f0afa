package io.emabridge.usage.collector;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What a run shows, in each page's transaction, to record that page: its id (the run must
 * still be {@code running}, not marked abandoned by another instance) and a check that
 * its instance still holds the collector lock. A run that lost either records nothing
 * more.
 *
 * @param runId the run's row in {@code collection_run}
 * @param lock asked, on the page transaction's connection, whether the lock is still held
 */
public record RunClaim(long runId, LockCheck lock) {

	/** Whether the collector lock is still held, as seen from a connection. */
	@FunctionalInterface
	public interface LockCheck {

		boolean isHeldAsSeenFrom(Connection connection) throws SQLException;

	}

}
