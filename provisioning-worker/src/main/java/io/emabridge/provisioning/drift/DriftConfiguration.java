package io.emabridge.provisioning.drift;

import java.time.Clock;

import javax.sql.DataSource;

import io.emabridge.model.archive.ArchiveApiClient;
import io.emabridge.model.whmcs.WhmcsApiClient;
import io.emabridge.provisioning.config.WhmcsProperties;
import io.emabridge.provisioning.config.WorkerProperties;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;

/** The drift reconciler: its views, its corrections, its schedule and, with an admin token, its endpoints. */
@Configuration(proxyBeanMethods = false)
class DriftConfiguration {

	@Bean
	DriftReconciler driftReconciler(ReconcileProperties properties, WhmcsApiClient whmcs, ArchiveApiClient archive,
			WhmcsProperties whmcsProperties, WorkerProperties worker, JdbcTemplate jdbc, DataSource dataSource,
			KafkaTemplate<String, byte[]> kafka, MeterRegistry registry, Clock clock) {
		ViewReader views = new ViewReader(whmcs, archive, properties.productIds(), whmcsProperties.customFields().slug(),
				properties.pageSize());
		CorrectionPublisher publisher = new CorrectionPublisher(kafka, worker.topic(), worker.publishTimeout());
		return new DriftReconciler(views, new LedgerReader(jdbc), publisher, whmcs, new ReconcileLock(dataSource),
				new DriftMetrics(registry), properties.maxFixes(), clock);
	}

	@Bean
	DriftSchedule driftSchedule(DriftReconciler reconciler, ReconcileProperties properties) {
		return new DriftSchedule(reconciler, properties);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@Conditional(AdminTokenSet.class)
	static class Endpoints {

		@Bean
		DriftController driftController(DriftReconciler reconciler) {
			return new DriftController(reconciler);
		}
	}
}
