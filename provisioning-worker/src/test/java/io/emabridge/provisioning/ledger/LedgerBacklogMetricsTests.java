package io.emabridge.provisioning.ledger;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import io.emabridge.testsupport.SharedPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LedgerBacklogMetricsTests {

	private static HikariDataSource dataSource;

	private static JdbcTemplate jdbc;

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	@BeforeAll
	static void migrate() {
		SharedPostgres.Database database = SharedPostgres.newDatabase();
		dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(database.jdbcUrl());
		dataSource.setUsername(database.username());
		dataSource.setPassword(database.password());
		Flyway.configure().dataSource(dataSource).load().migrate();
		jdbc = new JdbcTemplate(dataSource);
	}

	@AfterAll
	static void close() {
		dataSource.close();
	}

	@Test
	void countsDueServicesAndTheOldestWaitButNotThoseWaitingOutABackOff() {
		LedgerBacklogMetrics.register(this.registry, jdbc);
		assertThat(gauge("ema.ledger.services.due")).isZero();
		assertThat(gauge("ema.ledger.oldest.due")).isZero();

		jdbc.update("insert into service (service_id, status, next_attempt_at) values"
				+ " (1, 'pending', now() - interval '120 seconds'), (2, 'pending', now() - interval '5 seconds'),"
				+ " (3, 'pending', now() + interval '10 minutes'), (4, 'idle', now() - interval '1 hour')");

		assertThat(gauge("ema.ledger.services.due")).isEqualTo(2);
		assertThat(gauge("ema.ledger.oldest.due")).isCloseTo(120, within(30.0));
	}

	@Test
	void isAbsentRatherThanWrongWhenTheDatabaseCannotBeAsked() {
		try (HikariDataSource nowhere = new HikariDataSource()) {
			LedgerBacklogMetrics.register(this.registry, new JdbcTemplate(nowhere));

			assertThat(gauge("ema.ledger.services.due")).isNaN();
		}
	}

	private double gauge(String name) {
		return this.registry.get(name).gauge().value();
	}

}
