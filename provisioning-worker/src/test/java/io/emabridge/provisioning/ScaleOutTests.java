package io.emabridge.provisioning;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import io.emabridge.model.lifecycle.LifecycleEvent;
import io.emabridge.provisioning.support.Histories;
import io.emabridge.provisioning.support.Histories.History;
import io.emabridge.sandbox.Faults;
import io.emabridge.sandbox.archive.ArchiveTenant;
import io.emabridge.sandbox.archive.TenantStatus;
import io.emabridge.testsupport.TestNames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances in one consumer group, sharing one ledger: every service ends right,
 * every tenant made once.
 */
class ScaleOutTests extends WorkerIntegrationTests {

	private static final int SERVICES = 200;

	@Override
	protected int partitions() {
		return 4;
	}

	@Test
	void twoWorkersInOneGroupBringEveryServiceToItsNewestStateCreatingEachTenantOnce() {
		archive.faults(Faults.none().withLatencyMs(10));
		ConfigurableApplicationContext first = startWorker(Map.of("ema.worker.instance-id", "first"));
		ConfigurableApplicationContext second = startWorker(Map.of("ema.worker.instance-id", "second"));
		Random random = new Random(42);
		Instant start = Instant.now().truncatedTo(ChronoUnit.MICROS).minusSeconds(3600);
		List<History> histories = new ArrayList<>();
		List<LifecycleEvent> events = new ArrayList<>();
		for (int i = 0; i < SERVICES; i++) {
			History history = Histories.of(TestNames.serviceId(), "Scale", start, random);
			histories.add(history);
			events.addAll(history.events());
		}
		events.forEach(
				(event) -> producer().send(new org.apache.kafka.clients.producer.ProducerRecord<>(this.lifecycleTopic,
						event.key(), io.emabridge.model.lifecycle.LifecycleEventJson.write(event))));
		producer().flush();

		await().atMost(Duration.ofSeconds(90))
			.untilAsserted(() -> assertThat(
					this.ledgerDb.queryForObject("select count(*) from service where status = 'idle' and whmcs_synced"
							+ " and published_event_id = applied_event_id", Integer.class))
				.isEqualTo(SERVICES));
		for (History history : histories) {
			Map<String, Object> row = serviceRow(history.serviceId());
			assertThat(row).as("service %d", history.serviceId())
				.containsEntry("applied_status", history.expected().value())
				.containsEntry("slug", history.slug());
			ArchiveTenant tenant = tenant(history.slug()).orElseThrow();
			assertThat(tenant.status()).isEqualTo(
					history.expected().archiveStatus().equals("active") ? TenantStatus.ACTIVE : TenantStatus.SUSPENDED);
		}
		assertThat(archive.allTenants())
			.filteredOn((t) -> t.slug().startsWith("scale-")
					&& histories.stream().anyMatch((h) -> t.slug().startsWith(h.slug())))
			.hasSize(SERVICES);
		assertThat(createRequests()).isEqualTo(SERVICES);
		assertThat(archive.requests()).noneMatch((r) -> r.method().equals("DELETE"));
		assertThat(tenantsCreated(first) + tenantsCreated(second)).isEqualTo(SERVICES);
		assertThat(tenantsCreated(first)).isPositive();
		assertThat(tenantsCreated(second)).isPositive();
	}

	private static double tenantsCreated(ConfigurableApplicationContext worker) {
		return worker.getBean(MeterRegistry.class).get("ema.tenants").tag("how", "created").counter().count();
	}

}
