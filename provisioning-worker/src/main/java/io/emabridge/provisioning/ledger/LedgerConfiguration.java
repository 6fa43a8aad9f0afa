package io.emabridge.provisioning.ledger;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.emabridge.provisioning.config.WorkerProperties;

/**
 * The ledger in the application's database; Flyway brings its schema up to date at
 * start-up. The notices' configuration says what its writes mean for WHMCS notices.
 */
@Configuration(proxyBeanMethods = false)
class LedgerConfiguration {

	/** The connection pool sized from the configured concurrency, unless set. */
	@Bean
	static ConnectionPoolSizing connectionPoolSizing(Environment environment) {
		return new ConnectionPoolSizing(environment);
	}

	@Bean
	Ledger ledger(JdbcTemplate jdbcTemplate, TransactionTemplate transactionTemplate, WorkerProperties properties,
			FailureNotices notices, MeterRegistry registry) {
		LedgerBacklogMetrics.register(registry, jdbcTemplate);
		return new JdbcLedger(jdbcTemplate, transactionTemplate, properties.lease(), notices);
	}

	@Bean
	LedgerRetention ledgerRetention(JdbcTemplate jdbcTemplate, TransactionTemplate transactionTemplate,
			LedgerProperties properties, MeterRegistry registry, Clock clock) {
		return new LedgerRetention(JdbcClient.create(jdbcTemplate), transactionTemplate, properties, registry, clock);
	}

	/** The ledger's view of a dead letter, for the dead-letter admin endpoints. */
	@Bean
	LedgerDeadLetterViews ledgerDeadLetterViews(JdbcTemplate jdbcTemplate) {
		return new LedgerDeadLetterViews(jdbcTemplate);
	}

}
