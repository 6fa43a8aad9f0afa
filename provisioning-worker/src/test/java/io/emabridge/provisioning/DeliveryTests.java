package io.emabridge.provisioning;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import io.emabridge.model.lifecycle.ServiceCreated;
import io.emabridge.model.lifecycle.ServiceSuspended;
import io.emabridge.model.lifecycle.ServiceTerminated;
import io.emabridge.model.lifecycle.ServiceUnsuspended;
import io.emabridge.provisioning.ledger.ServiceStatus;
import io.emabridge.provisioning.support.Events;
import io.emabridge.sandbox.archive.ArchiveTenant;
import io.emabridge.sandbox.archive.TenantStatus;
import io.emabridge.testsupport.TestNames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Guarantees 2, 3 and 4 end to end: idempotent, newest wins per service, never
 * destructive.
 */
class DeliveryTests extends WorkerIntegrationTests {

	private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.MICROS).minusSeconds(60);

	@Test
	void sameEventThreeTimesCreatesOneTenantWithOneCreateCall() {
		ConfigurableApplicationContext worker = startWorker();
		long id = TestNames.serviceId();
		ServiceCreated create = Events.create(id, this.t0, "Dup " + id);
		send(create, create, create);
		Map<String, Object> row = awaitSettled(id, ServiceStatus.ACTIVE);
		assertThat(row.get("slug")).isEqualTo("dup-" + id);
		assertThat(tenant("dup-" + id)).get().extracting(ArchiveTenant::status).isEqualTo(TenantStatus.ACTIVE);
		await().atMost(WAIT).untilAsserted(() -> assertThat(counter(worker, "duplicate")).isEqualTo(2));
		assertThat(createRequests()).isEqualTo(1);
		assertThat(eventState(create.eventId())).isEqualTo("applied");
	}

	@Test
	void oldEventArrivingAfterANewerOneIsSkippedAsStale() {
		ConfigurableApplicationContext worker = startWorker();
		long id = TestNames.serviceId();
		ServiceCreated create = Events.create(id, this.t0, "Stale " + id);
		ServiceSuspended suspend = Events.suspend(id, this.t0.plusSeconds(20));
		ServiceUnsuspended lateUnsuspend = Events.unsuspend(id, this.t0.plusSeconds(10));
		send(create, suspend);
		awaitSettled(id, ServiceStatus.SUSPENDED);
		send(lateUnsuspend);
		await().atMost(WAIT).untilAsserted(() -> assertThat(eventState(lateUnsuspend.eventId())).isEqualTo("stale"));
		assertThat(counter(worker, "stale", "service.unsuspend")).isEqualTo(1);
		assertThat(tenant("stale-" + id)).get().extracting(ArchiveTenant::status).isEqualTo(TenantStatus.SUSPENDED);
		assertThat(serviceRow(id)).containsEntry("applied_event_id", suspend.eventId());
	}

	@Test
	void replayOfAnOldEventAfterANewerOneChangesNothing() {
		ConfigurableApplicationContext worker = startWorker();
		long id = TestNames.serviceId();
		ServiceCreated create = Events.create(id, this.t0, "Replayed " + id);
		ServiceUnsuspended unsuspend = Events.unsuspend(id, this.t0.plusSeconds(10));
		ServiceSuspended suspend = Events.suspend(id, this.t0.plusSeconds(20));
		send(create, unsuspend, suspend);
		awaitSettled(id, ServiceStatus.SUSPENDED);
		long statusCallsBefore = statusCalls("replayed-" + id);
		// the same events again, as a replay of the topic would bring them: the old
		// unsuspend must not win
		send(unsuspend, create);
		await().atMost(WAIT)
			.untilAsserted(
					() -> assertThat(counter(worker, "duplicate", "service.unsuspend") + counter(worker, "duplicate"))
						.isEqualTo(2));
		Map<String, Object> row = awaitSettled(id, ServiceStatus.SUSPENDED);
		assertThat(row).containsEntry("applied_event_id", suspend.eventId());
		assertThat(tenant("replayed-" + id)).get().extracting(ArchiveTenant::status).isEqualTo(TenantStatus.SUSPENDED);
		assertThat(createRequests()).isEqualTo(1);
		assertThat(statusCalls("replayed-" + id)).isEqualTo(statusCallsBefore);
	}

	@Test
	void suspendThatOvertookItsCreateEndsCreatedAndSuspended() {
		startWorker();
		long id = TestNames.serviceId();
		ServiceSuspended suspend = Events.suspend(id, this.t0.plusSeconds(5));
		send(suspend);
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(serviceRow(id)).containsEntry("status", "pending")
				.containsEntry("desired_status", "suspended"));
		assertThat(createRequests()).isZero();
		send(Events.create(id, this.t0, "Overtaken " + id));
		awaitSettled(id, ServiceStatus.SUSPENDED);
		assertThat(tenant("overtaken-" + id)).get().extracting(ArchiveTenant::status).isEqualTo(TenantStatus.SUSPENDED);
		assertThat(eventState(suspend.eventId())).isEqualTo("applied");
	}

	@Test
	void terminateSuspendsTheTenantAndNothingIsEverDeleted() {
		startWorker();
		long id = TestNames.serviceId();
		ServiceTerminated terminate = Events.terminate(id, this.t0.plusSeconds(10));
		send(Events.create(id, this.t0, "Gone " + id));
		awaitSettled(id, ServiceStatus.ACTIVE);
		send(terminate);
		Map<String, Object> row = awaitSettled(id, ServiceStatus.TERMINATED);
		assertThat(row).containsEntry("terminated", true);
		assertThat(tenant("gone-" + id)).get().extracting(ArchiveTenant::status).isEqualTo(TenantStatus.SUSPENDED);
		assertThat(archive.requests()).noneMatch((r) -> r.method().equals("DELETE"));
		List<ConsumerRecord<String, byte[]>> states = records(this.tenantStateTopic, 2);
		assertThat(states).allMatch((r) -> r.key().equals(Long.toString(id)) && r.value() != null);
		assertThat(new String(states.get(states.size() - 1).value())).contains("\"status\":\"terminated\"",
				"\"slug\":\"gone-" + id + "\"", "\"eventId\":\"" + terminate.eventId() + "\"");
	}

	/** Suspend and unsuspend requests the archive received for a tenant. */
	private static long statusCalls(String slug) {
		return archive.requests()
			.stream()
			.filter((r) -> r.path().endsWith(slug + "/suspend") || r.path().endsWith(slug + "/unsuspend"))
			.count();
	}

	private static double counter(ConfigurableApplicationContext worker, String outcome) {
		return counter(worker, outcome, "service.create");
	}

	private static double counter(ConfigurableApplicationContext worker, String outcome, String type) {
		return worker.getBean(MeterRegistry.class)
			.get("ema.events")
			.tags("type", type, "outcome", outcome)
			.counter()
			.count();
	}

}
