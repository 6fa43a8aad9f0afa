package io.emabridge.provisioning;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.Test;

import io.emabridge.deadletters.letter.DltHeaders;
import io.emabridge.model.lifecycle.ServiceCreated;
import io.emabridge.model.lifecycle.ServiceUnsuspended;
import io.emabridge.provisioning.ledger.ServiceStatus;
import io.emabridge.provisioning.support.Events;
import io.emabridge.sandbox.Faults;
import io.emabridge.sandbox.RecordedRequest;
import io.emabridge.sandbox.archive.ArchiveSandbox;
import io.emabridge.sandbox.archive.ArchiveTenant;
import io.emabridge.sandbox.archive.TenantSeed;
import io.emabridge.sandbox.archive.TenantStatus;
import io.emabridge.sandbox.whmcs.WhmcsProduct;
import io.emabridge.sandbox.whmcs.WhmcsService;
import io.emabridge.testsupport.SharedKafka;
import io.emabridge.testsupport.TestNames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Guarantee 5 end to end: transient failures retried, permanent ones dead-lettered, both
 * against the sandboxes.
 */
class FaultTests extends WorkerIntegrationTests {

	private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.MICROS).minusSeconds(60);

	@Test
	void suspendFailingTransientlyIsOvertakenByAnUnsuspendAndTheTenantEndsActive() {
		startWorker();
		long id = TestNames.serviceId();
		String slug = "flaky-" + id;
		send(Events.create(id, this.t0, "Flaky " + id));
		awaitSettled(id, ServiceStatus.ACTIVE);
		archive.faults(Faults.none().withErrorRate(1.0, 503));
		send(Events.suspend(id, this.t0.plusSeconds(10)));
		await().atMost(WAIT).until(() -> failedCalls(slug + "/suspend") >= 2);
		ServiceUnsuspended unsuspend = Events.unsuspend(id, this.t0.plusSeconds(20));
		send(unsuspend);
		await().atMost(WAIT).until(() -> "unsuspend".equals(desiredOf(id)));
		archive.clearFaults();
		Map<String, Object> row = awaitSettled(id, ServiceStatus.ACTIVE);
		assertThat(row).containsEntry("applied_event_id", unsuspend.eventId());
		assertThat(tenant(slug)).get().extracting(ArchiveTenant::status).isEqualTo(TenantStatus.ACTIVE);
	}

	@Test
	void rateLimitedCallsWaitForRetryAfterAndSucceed() {
		startWorker();
		long id = TestNames.serviceId();
		archive.faults(Faults.none().withRateLimitBurst(2, 1));
		send(Events.create(id, this.t0, "Limited " + id));
		awaitSettled(id, ServiceStatus.ACTIVE);
		List<RecordedRequest> creates = archive.requests().stream().filter((r) -> r.method().equals("POST")).toList();
		assertThat(creates).extracting(RecordedRequest::status).containsExactly(429, 429, 201);
		assertThat(creates.get(2).time()).isAfterOrEqualTo(creates.get(1).time().plusMillis(900));
	}

	@Test
	void slugTakenByAnotherResellerGetsTheNextAlternative() {
		startWorker();
		long id = TestNames.serviceId();
		archive.seedTenant("another-resellers-key", TenantSeed.of("taken-" + id, "Somebody else"));
		send(Events.create(id, this.t0, "Taken " + id));
		Map<String, Object> row = awaitSettled(id, ServiceStatus.ACTIVE);
		assertThat(row).containsEntry("slug", "taken-" + id + "-2");
		assertThat(tenant("taken-" + id + "-2")).get()
			.extracting(ArchiveTenant::apiKeyId)
			.isEqualTo(ArchiveSandbox.keyId("sandbox-key"));
	}

	@Test
	void createWhoseAnswerWasLostIsAdoptedAndExistsOnce() {
		startWorker();
		long id = TestNames.serviceId();
		String slug = "lost-" + id;
		archive.faults(Faults.none().withDropConnectionRate(1.0).withErrorAfterApply(true));
		send(Events.create(id, this.t0, "Lost " + id));
		await().atMost(WAIT).until(() -> archive.requests().stream().anyMatch((r) -> r.dropped()));
		archive.clearFaults();
		Map<String, Object> row = awaitSettled(id, ServiceStatus.ACTIVE);
		assertThat(row).containsEntry("slug", slug);
		assertThat(archive.allTenants()).filteredOn((t) -> t.slug().startsWith(slug)).hasSize(1);
		assertThat(archive.requests()).anyMatch((r) -> r.method().equals("GET")
				&& r.path().equals(ArchiveSandbox.TENANTS_PATH + "/" + slug) && r.status() == 200);
	}

	@Test
	void wrongApiKeyDeadLettersTheEventAndAReplayAfterTheFixSucceeds() {
		String key = "key-" + TestNames.shortId();
		startWorker(deadLetteringKey(key));
		long id = TestNames.serviceId();
		ServiceCreated create = Events.create(id, this.t0, "Locked " + id);
		send(create);
		List<ConsumerRecord<String, byte[]>> dead = records(this.dltTopic, 1);
		ConsumerRecord<String, byte[]> letter = dead.get(0);
		assertThat(header(letter, DltHeaders.REASON)).isEqualTo("archive_unauthorized");
		assertThat(header(letter, DltHeaders.ATTEMPTS)).isEqualTo("1");
		assertThat(header(letter, DltHeaders.FIRST_FAILURE)).isNotNull();
		assertThat(header(letter, DltHeaders.LAST_FAILURE)).isNotNull();
		assertThat(header(letter, "kafka_dlt-original-topic")).isEqualTo(this.lifecycleTopic);
		assertThat(header(letter, "kafka_dlt-exception-message")).contains("401").doesNotContain(key);
		assertThat(letter.key()).isEqualTo(Long.toString(id));
		assertThat(letter.value()).isEqualTo(io.emabridge.model.lifecycle.LifecycleEventJson.write(create));
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(serviceRow(id)).containsEntry("status", "failed")
				.containsEntry("last_failure_reason", "archive_unauthorized"));
		assertThat(eventState(create.eventId())).isEqualTo("dead_lettered");

		archive.addApiKey(key);
		send(create);
		awaitSettled(id, ServiceStatus.ACTIVE);
		assertThat(tenant("locked-" + id)).get()
			.extracting(ArchiveTenant::apiKeyId)
			.isEqualTo(ArchiveSandbox.keyId(key));
	}

	@Test
	void whmcsOutageDelaysOnlyTheWriteBack() {
		startWorker();
		long id = TestNames.serviceId();
		String slug = "billing-" + id;
		whmcs.faults(Faults.none().withDown(true));
		send(Events.create(id, this.t0, "Billing " + id));
		await().atMost(WAIT).untilAsserted(() -> {
			Map<String, Object> row = serviceRow(id);
			assertThat(row).containsEntry("applied_status", "active").containsEntry("whmcs_synced", false);
			assertThat((Integer) row.get("whmcs_attempts")).isGreaterThanOrEqualTo(2);
		});
		whmcs.clearFaults();
		awaitSettled(id, ServiceStatus.ACTIVE);
		WhmcsService service = whmcs.service(id).orElseThrow();
		assertThat(service.username()).isEqualTo(slug);
		assertThat(service.customField(WhmcsProduct.SLUG_FIELD_ID)).isEqualTo(slug);
		assertThat(service.customField(WhmcsProduct.URL_FIELD_ID))
			.isEqualTo("https://" + slug + ".archive.example.test");
		assertThat(createRequests()).isEqualTo(1);
	}

	@Test
	void ledgerOutageInTheListenerIsRetriedAndNoEventIsSkipped() throws Exception {
		startWorker();
		long before = TestNames.serviceId();
		send(Events.create(before, this.t0, "Before " + before));
		awaitSettled(before, ServiceStatus.ACTIVE);
		await().atMost(WAIT).until(() -> committedOffsets() == 1);

		this.ledgerDb.execute("alter table lifecycle_event rename to lifecycle_event_away");
		long id = TestNames.serviceId();
		send(Events.create(id, this.t0, "Outage " + id));
		await().during(Duration.ofSeconds(2)).atMost(WAIT).until(() -> committedOffsets() == 1);
		assertThat(serviceRow(id)).isEmpty();

		this.ledgerDb.execute("alter table lifecycle_event_away rename to lifecycle_event");
		awaitSettled(id, ServiceStatus.ACTIVE);
		await().atMost(WAIT).until(() -> committedOffsets() == 2);
	}

	/**
	 * The sum of the offsets the worker's consumer group committed on the lifecycle
	 * topic.
	 */
	private long committedOffsets() throws Exception {
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedKafka.bootstrapServers()))) {
			return admin.listConsumerGroupOffsets(this.groupId)
				.partitionsToOffsetAndMetadata()
				.get()
				.values()
				.stream()
				.filter(java.util.Objects::nonNull)
				.mapToLong(OffsetAndMetadata::offset)
				.sum();
		}
	}

	private String desiredOf(long id) {
		return String.valueOf(serviceRow(id).get("desired_type")).replace("service.", "");
	}

	private static long failedCalls(String pathSuffix) {
		return archive.requests().stream().filter((r) -> r.path().endsWith(pathSuffix) && r.status() >= 500).count();
	}

}
