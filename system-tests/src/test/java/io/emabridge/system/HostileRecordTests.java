package io.emabridge.system;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.emabridge.embedded.ServiceProcess;
import io.emabridge.model.lifecycle.EventType;
import io.emabridge.sandbox.Faults;
import io.emabridge.sandbox.RecordedRequest;
import io.emabridge.sandbox.archive.ArchiveSandbox;
import io.emabridge.sandbox.archive.ArchiveTenant;
import io.emabridge.sandbox.archive.TenantStatus;
import io.emabridge.system.History.Event;
import io.emabridge.system.HostileRecords.Hostile;
import io.emabridge.system.HostileRecords.Kind;
import io.emabridge.testsupport.TestNames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Guarantee 9 end to end, "bounded under any input": records no gateway lets through,
 * written straight to the lifecycle topic, reach a real worker process. Each is applied
 * or dead-lettered exactly once (dead letters counted by the offset of the record they
 * came from), the archive is called a bounded number of times and then no more, later
 * events on the same partition still apply, and the worker stays healthy.
 */
class HostileRecordTests {

	private static final Duration SETTLED = Duration.ofSeconds(3);

	private static Bridge bridge;

	@BeforeAll
	static void startBridge() {
		bridge = new Bridge();
	}

	@AfterAll
	static void stopBridge() {
		if (bridge != null) {
			bridge.close();
		}
	}

	@AfterEach
	void clearFaults() {
		bridge.archive.clearFaults();
	}

	@Test
	void aNulInANameWhoseCreateTheArchiveRefusesIsDeadLetteredOnceAndNothingLoops() {
		long id = TestNames.serviceId();
		Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS).minusSeconds(60);
		UUID eventId = UUID.randomUUID();
		String domain = "nul" + id + ".com";
		String json = History.json(EventType.CREATE, eventId, at, id, domain, null, "sys", true,
				"Null\\u0000Byte GmbH");
		// this service's create alone is refused as a revoked key would be; the key
		// itself works, so the worker's check of it says "this request"
		bridge.archive.faults(Faults.none().withErrorRate(1.0, 401).withBodyContains("nul" + id));
		int before = bridge.archive.requests().size();

		RecordMetadata written = bridge.records()
			.send(new ProducerRecord<>(bridge.topic(), null, Long.toString(id), json.getBytes(StandardCharsets.UTF_8),
					HostileRecords.headers(eventId, EventType.CREATE, at, Long.toString(id))));

		String origin = written.partition() + "@" + written.offset();
		await().atMost(Duration.ofMinutes(1))
			.untilAsserted(() -> assertThat(deadLettersFrom(origin)).singleElement()
				.extracting(DeadLetterRecord::reason)
				.isEqualTo("archive_unauthorized"));
		long creates = refusedCreates(before);
		assertThat(creates).as("create requests refused").isEqualTo(1);
		await().during(SETTLED).atMost(SETTLED.multipliedBy(5)).untilAsserted(() -> {
			assertThat(deadLettersFrom(origin)).as("dead letters of the event").hasSize(1);
			assertThat(refusedCreates(before)).as("create requests refused").isEqualTo(creates);
		});
		assertThat(bridge.ledger().text(id, "last_failure_reason")).isEqualTo("archive_unauthorized");
		assertWorkersHealthy();
	}

	@Test
	void everyHostileRecordIsAppliedOrDeadLetteredOnceAndLaterEventsOnItsPartitionStillApply() {
		int partition = ThreadLocalRandom.current().nextInt(6);
		Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS).minusSeconds(60);
		int before = bridge.archive.requests().size();
		Map<String, Hostile> written = new LinkedHashMap<>();
		for (Kind kind : Kind.values()) {
			Hostile hostile = HostileRecords.of(kind, TestNames.serviceId(), at);
			RecordMetadata metadata = bridge.records().send(hostile.toRecord(bridge.topic(), partition));
			written.put(metadata.partition() + "@" + metadata.offset(), hostile);
		}
		// a plain service after all of them, on the same partition
		History later = History.of(TestNames.serviceId(), at, EventType.CREATE, EventType.SUSPEND);
		for (Event event : later.happened()) {
			String key = Long.toString(later.serviceId());
			bridge.records()
				.send(new ProducerRecord<>(bridge.topic(), partition, key,
						event.json().getBytes(StandardCharsets.UTF_8),
						HostileRecords.headers(event.id(), event.type(), event.occurredAt(), key)));
		}
		List<Hostile> applied = written.values().stream().filter((h) -> h.kind().applied()).toList();

		await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
			assertThat(tenantOf(later.serviceId())).as("tenant of the service after them")
				.hasValueSatisfying((tenant) -> assertThat(tenant.status()).isEqualTo(TenantStatus.SUSPENDED));
			for (Hostile hostile : applied) {
				assertThat(tenantOf(hostile.serviceId())).as("tenant of the %s record", hostile.kind())
					.hasValueSatisfying((tenant) -> {
						assertThat(tenant.status()).isEqualTo(TenantStatus.ACTIVE);
						assertThat(tenant.name()).as("name of the %s tenant", hostile.kind())
							.doesNotMatch(".*[\\p{Cc}\\p{Cs}].*");
					});
			}
			assertDeadLetteredOnce(written);
		});
		List<RecordedRequest> calls = bridge.archive.requests().subList(before, bridge.archive.requests().size());
		assertThat(calls.stream().filter(HostileRecordTests::isCreate))
			.as("create requests: one per service applied, none for the rest")
			.hasSize(applied.size() + 1);
		int settledCalls = bridge.archive.requests().size();
		await().during(SETTLED).atMost(SETTLED.multipliedBy(5)).untilAsserted(() -> {
			assertThat(bridge.archive.requests()).as("archive requests once all settled").hasSize(settledCalls);
			assertDeadLetteredOnce(written);
		});
		assertWorkersHealthy();
		// the ledger was never down: no poison record may be reported as a batch the
		// worker could not record and retries
		assertThat(bridge.allLogs().lines().filter((line) -> line.contains("Could not record")))
			.as("ledger failures in the logs")
			.isEmpty();
	}

	/**
	 * Exactly one dead letter for each record the contract dead-letters, with its reason;
	 * none for those applied.
	 */
	private static void assertDeadLetteredOnce(Map<String, Hostile> written) {
		List<DeadLetterRecord> letters = bridge.records()
			.readAll(bridge.dltTopic())
			.stream()
			.map(DeadLetterRecord::of)
			.filter((letter) -> written.containsKey(letter.origin()))
			.toList();
		written.forEach((origin, hostile) -> {
			List<DeadLetterRecord> its = letters.stream().filter((l) -> l.origin().equals(origin)).toList();
			if (hostile.kind().applied()) {
				assertThat(its).as("dead letters of the %s record", hostile.kind()).isEmpty();
			}
			else {
				assertThat(its).as("dead letters of the %s record", hostile.kind())
					.singleElement()
					.extracting(DeadLetterRecord::reason)
					.isEqualTo(hostile.kind().deadLetterReason());
			}
		});
	}

	private static void assertWorkersHealthy() {
		for (ServiceProcess worker : bridge.workers()) {
			worker.awaitHealthy(Duration.ofSeconds(10));
			assertThat(bridge.metric(worker, "ema_apply_errors_total")).as("unexpected failures in %s", worker.name())
				.isZero();
			assertThat(bridge.metric(worker, "ema_archive_auth_failing")).as("key refused in %s", worker.name())
				.isZero();
		}
	}

	private static Optional<ArchiveTenant> tenantOf(long serviceId) {
		return bridge.whmcs.customField(serviceId, ConvergenceRun.WHMCS_SLUG_FIELD)
			.flatMap((slug) -> bridge.archive.tenant(slug));
	}

	private static List<DeadLetterRecord> deadLettersFrom(String origin) {
		List<DeadLetterRecord> letters = new ArrayList<>();
		for (var record : bridge.records().readAll(bridge.dltTopic())) {
			DeadLetterRecord letter = DeadLetterRecord.of(record);
			if (letter.originalTopic().equals(bridge.topic()) && letter.origin().equals(origin)) {
				letters.add(letter);
			}
		}
		return letters;
	}

	private static long refusedCreates(int from) {
		List<RecordedRequest> all = bridge.archive.requests();
		return all.subList(from, all.size())
			.stream()
			.filter((request) -> isCreate(request) && request.status() == 401)
			.count();
	}

	private static boolean isCreate(RecordedRequest request) {
		return request.method().equals("POST") && request.path().equals(ArchiveSandbox.TENANTS_PATH);
	}

}
