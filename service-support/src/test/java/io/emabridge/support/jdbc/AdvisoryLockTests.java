package io.emabridge.support.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import io.emabridge.testsupport.SharedPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The advisory lock against a real PostgreSQL. */
class AdvisoryLockTests {

	private final SharedPostgres.Database database = SharedPostgres.newDatabase();

	private final PGSimpleDataSource dataSource = new PGSimpleDataSource();

	AdvisoryLockTests() {
		this.dataSource.setURL(this.database.jdbcUrl());
		this.dataSource.setUser(this.database.username());
		this.dataSource.setPassword(this.database.password());
	}

	@Test
	void oneHolderAtATimeUntilItCloses() {
		AdvisoryLock lock = new AdvisoryLock(this.dataSource, 42, "the test lock");
		Optional<AdvisoryLock.Held> held = lock.tryAcquire();
		assertThat(held).isPresent();
		assertThat(lock.tryAcquire()).isEmpty();

		held.get().close();

		Optional<AdvisoryLock.Held> again = lock.tryAcquire();
		assertThat(again).isPresent();
		again.get().close();
	}

	@Test
	void anotherConnectionSeesWhetherTheHolderStillHoldsIt() throws SQLException {
		// a key above 32 bits, negative even: pg_locks splits it in two halves
		AdvisoryLock lock = new AdvisoryLock(this.dataSource, -7_414_212_000_123L, "the test lock");
		AdvisoryLock.Held held = lock.tryAcquire().orElseThrow();
		try (Connection other = this.database.connect()) {
			other.setAutoCommit(false);
			assertThat(held.isHeldAsSeenFrom(other)).isTrue();
			other.commit();

			// the database ends the holder's session, and the lock with it
			try (Statement statement = other.createStatement()) {
				statement.execute("select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory'"
						+ " and database = (select oid from pg_database where datname = current_database())");
			}
			other.commit();
			await().atMost(Duration.ofSeconds(30)).until(() -> !held.isHeldAsSeenFrom(other));
			other.commit();

			// another holder now: still not the session that took it first
			AdvisoryLock.Held next = lock.tryAcquire().orElseThrow();
			assertThat(held.isHeldAsSeenFrom(other)).isFalse();
			assertThat(next.isHeldAsSeenFrom(other)).isTrue();
			next.close();
			assertThat(next.isHeldAsSeenFrom(other)).isFalse();
		}
		finally {
			held.close();
		}
	}

}
