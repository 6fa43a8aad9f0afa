package io.emabridge.provisioning;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.emabridge.model.lifecycle.LifecycleEvent;
import io.emabridge.model.lifecycle.LifecycleEventJson;
import io.emabridge.provisioning.support.Histories;
import io.emabridge.provisioning.support.Histories.History;
import io.emabridge.sandbox.Faults;
import io.emabridge.testsupport.JvmProcess;
import io.emabridge.testsupport.TestNames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker killed mid-stream (its JVM destroyed, no graceful stop) loses nothing and
 * duplicates nothing: a new worker takes over its claims once their leases run out, and
 * every tenant exists exactly once.
 */
class CrashRecoveryTests extends WorkerIntegrationTests {

	private static final int SERVICES = 120;

	@Override
	protected int partitions() {
		return 3;
	}

	@Test
	void workerKilledMidRunIsReplacedAndEveryServiceEndsRightWithEachTenantCreatedOnce() {
		archive.faults(Faults.none().withLatencyMs(100));
		Map<String, Object> properties = new HashMap<>(workerProperties());
		properties.put("ema.worker.lease", "3s");
		properties.put("ema.worker.instance-id", "doomed");
		properties.put("logging.level.root", "WARN");
		List<History> histories = new ArrayList<>();
		Random random = new Random(7);
		Instant start = Instant.now().truncatedTo(ChronoUnit.MICROS).minusSeconds(3600);
		// created here, not by the worker: a worker that fails to start must fail the
		// test, not block every send
		createLifecycleTopic();
		try (JvmProcess doomed = JvmProcess.start("doomed-" + TestNames.shortId(), ProvisioningWorkerApplication.class,
				List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), properties)) {
			for (int i = 0; i < SERVICES; i++) {
				History history = Histories.of(TestNames.serviceId(), "Crash", start, random);
				histories.add(history);
				for (LifecycleEvent event : history.events()) {
					producer()
						.send(new ProducerRecord<>(this.lifecycleTopic, event.key(), LifecycleEventJson.write(event)));
				}
			}
			producer().flush();
			await().atMost(Duration.ofSeconds(90)).until(() -> createRequests() >= 15 || !doomed.isAlive());
			assertThat(doomed.isAlive()).as("worker process output:%n%s", doomed.output()).isTrue();
			doomed.kill();
		}
		long createsBeforeKill = createRequests();
		assertThat(createsBeforeKill).isLessThan(SERVICES);

		startWorker(Map.of("ema.worker.lease", "3s", "ema.worker.instance-id", "successor"));
		await().atMost(Duration.ofSeconds(90))
			.untilAsserted(() -> assertThat(
					this.ledgerDb.queryForObject("select count(*) from service where status = 'idle' and whmcs_synced"
							+ " and published_event_id = applied_event_id", Integer.class))
				.isEqualTo(SERVICES));
		for (History history : histories) {
			assertThat(serviceRow(history.serviceId())).as("service %d", history.serviceId())
				.containsEntry("applied_status", history.expected().value())
				.containsEntry("slug", history.slug());
			assertThat(archive.allTenants())
				.filteredOn((t) -> t.slug().equals(history.slug()) || t.slug().startsWith(history.slug() + "-"))
				.as("tenants of service %d", history.serviceId())
				.hasSize(1);
		}
		assertThat(this.ledgerDb.queryForObject("select count(*) from lifecycle_event where state = 'recorded'",
				Integer.class))
			.isZero();
	}

}
