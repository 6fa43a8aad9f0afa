package io.emabridge.usage.collector;

import java.time.Clock;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.emabridge.testsupport.SharedPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/** The run table against a real PostgreSQL: a run ends once, and only while running. */
class CollectionRunsTests {

	private static HikariDataSource dataSource;

	private static JdbcTemplate jdbc;

	private static CollectionRuns runs;

	@BeforeAll
	static void migrate() {
		SharedPostgres.Database database = SharedPostgres.newDatabase();
		dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(database.jdbcUrl());
		dataSource.setUsername(database.username());
		dataSource.setPassword(database.password());
		dataSource.setMaximumPoolSize(4);
		Flyway.configure().dataSource(dataSource).load().migrate();
		jdbc = new JdbcTemplate(dataSource);
		runs = new CollectionRuns(jdbc, new TransactionTemplate(new JdbcTransactionManager(dataSource)),
				Clock.systemUTC());
	}

	@AfterAll
	static void close() {
		dataSource.close();
	}

	@Test
	void aRunAnotherInstanceMarkedAbandonedCannotBeMarkedSucceededOrFailed() {
		long mine = runs.start("instance-a", "admin");
		// another instance took the lock (this one lost its session) and started a run
		long theirs = runs.start("instance-b", "schedule");

		assertThat(runs.succeeded(mine)).isFalse();
		assertThat(runs.failed(mine, "too late")).isFalse();

		assertThat(statusOf(mine)).isEqualTo("abandoned");
		assertThat(jdbc.queryForObject("select error from collection_run where id = ?", String.class, mine))
			.isEqualTo("the collecting instance stopped before the run ended");
		assertThat(statusOf(theirs)).isEqualTo("running");
		assertThat(runs.succeeded(theirs)).isTrue();
		assertThat(statusOf(theirs)).isEqualTo("succeeded");
	}

	@Test
	void aRunEndsOnce() {
		long run = runs.start("instance-a", "admin");
		assertThat(runs.failed(run, "the archive is down")).isTrue();

		assertThat(runs.succeeded(run)).isFalse();

		assertThat(statusOf(run)).isEqualTo("failed");
	}

	private static String statusOf(long run) {
		return jdbc.queryForObject("select status from collection_run where id = ?", String.class, run);
	}

}
