package io.emabridge.provisioning.ledger;

import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.emabridge.provisioning.notices.JdbcFailureNotices;
import io.emabridge.testsupport.SharedPostgres;

/** The ledger's contract against a real PostgreSQL. */
class JdbcLedgerContractTests extends LedgerContractTests {

	private static final Duration LEASE = Duration.ofSeconds(30);

	private static HikariDataSource dataSource;

	private static JdbcLedger ledger;

	@BeforeAll
	static void migrate() {
		SharedPostgres.Database database = SharedPostgres.newDatabase();
		dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(database.jdbcUrl());
		dataSource.setUsername(database.username());
		dataSource.setPassword(database.password());
		dataSource.setMaximumPoolSize(4);
		Flyway.configure().dataSource(dataSource).load().migrate();
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		ledger = new JdbcLedger(jdbc, new TransactionTemplate(new JdbcTransactionManager(dataSource)), LEASE,
				new JdbcFailureNotices(jdbc));
	}

	@AfterAll
	static void close() {
		dataSource.close();
	}

	@Override
	protected Ledger ledger() {
		return ledger;
	}

	@Override
	protected Duration lease() {
		return LEASE;
	}

}
