package io.emabridge.provisioning.ledger;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import io.emabridge.provisioning.config.WorkerProperties;

/**
 * The ledger in the application's database; Flyway brings its schema up to date at
 * start-up. The notices' configuration says what its writes mean for WHMCS notices.
 */
@Configuration(proxyBeanMethods = false)
class LedgerConfiguration {

	@Bean
	Ledger ledger(JdbcTemplate jdbcTemplate, TransactionTemplate transactionTemplate, WorkerProperties properties,
			FailureNotices notices, MeterRegistry registry) {
		LedgerBacklogMetrics.register(registry, jdbcTemplate);
		return new JdbcLedger(jdbcTemplate, transactionTemplate, properties.lease(), notices);
	}

}
