package io.emabridge.provisioning.drift;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.kafka.core.KafkaTemplate;

import io.emabridge.model.whmcs.WhmcsApiClient;
import io.emabridge.provisioning.archive.ArchiveAccounts;
import io.emabridge.provisioning.config.WhmcsProperties;
import io.emabridge.provisioning.config.WorkerProperties;
import io.emabridge.provisioning.ledger.Adoptions;
import io.emabridge.support.jdbc.AdvisoryLock;

/**
 * The drift reconciler: its views, its corrections and its schedule. Its endpoints
 * ({@link DriftController}, {@link AdoptionController}) exist only with an admin token.
 */
@Configuration(proxyBeanMethods = false)
class DriftConfiguration {

	/** "ema-drift" in ASCII: a key of its own among the application's advisory locks. */
	static final long LOCK_KEY = 0x656d612d6472L;

	@Bean
	DriftReconciler driftReconciler(ReconcileProperties properties, WhmcsApiClient whmcs, ArchiveAccounts accounts,
			WhmcsProperties whmcsProperties, WorkerProperties worker, JdbcTemplate jdbc,
			DataSourceProperties dataSource, KafkaTemplate<String, byte[]> kafka, MeterRegistry registry, Clock clock) {
		ViewReader views = new ViewReader(whmcs, accounts.all(), properties.productIds(),
				whmcsProperties.customFields().slug(), properties.pageSize());
		CorrectionPublisher publisher = new CorrectionPublisher(kafka, worker.topic(), worker.publishTimeout());
		// one run at a time across instances, so that two never both fix; on a connection
		// outside the pool, so that
		// closing it ends the session and the lock can never stay behind on a pooled
		// connection
		DataSourceBuilder<SimpleDriverDataSource> direct = dataSource.initializeDataSourceBuilder()
			.type(SimpleDriverDataSource.class);
		if (!properties.lockUrl().isEmpty()) {
			// past a PgBouncer in transaction mode, which would hand the locked session
			// to others
			direct.url(properties.lockUrl());
		}
		AdvisoryLock lock = new AdvisoryLock(direct.build(), LOCK_KEY, "the reconciliation lock");
		LedgerReader ledger = new LedgerReader(jdbc);
		DriftReconciler.Settings settings = new DriftReconciler.Settings(properties.maxFixes(),
				worker.missingCreateAfter(), whmcsProperties.customFields().slug());
		return new DriftReconciler(views, ledger, new Adoptions(jdbc), publisher, whmcs, lock,
				new DriftMetrics(registry, ledger, worker.missingCreateAfter()), settings, clock);
	}

	@Bean
	DriftSchedule driftSchedule(DriftReconciler reconciler, ReconcileProperties properties) {
		return new DriftSchedule(reconciler, properties);
	}

}
