package io.emabridge.provisioning.deadletters;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import io.emabridge.model.lifecycle.LifecycleEvent;
import io.emabridge.model.lifecycle.ServiceCreated;
import io.emabridge.model.lifecycle.ServiceSuspended;
import io.emabridge.provisioning.WorkerIntegrationTests;
import io.emabridge.provisioning.ledger.ServiceStatus;
import io.emabridge.provisioning.support.Events;
import io.emabridge.sandbox.archive.ArchiveSandbox;
import io.emabridge.sandbox.archive.ArchiveTenant;
import io.emabridge.testsupport.TestNames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator's path end to end: events fail permanently (the archive refuses the
 * worker's API key), the key is fixed, {@code dlt replay} sends them through the worker
 * again and every service reaches its right state, once.
 */
class ReplayAfterFixTests extends WorkerIntegrationTests {

	private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(1, ChronoUnit.HOURS);

	private String key;

	private Dlt dlt;

	@BeforeEach
	void badKey() {
		this.key = "key-" + TestNames.shortId();
		this.dlt = new Dlt(this.dltTopic, TestNames.topic("replayed"));
	}

	@Test
	void aBatchFailedOnABadKeyReachesItsRightStatesAfterTheFixAndOneReplay() {
		startWorker(deadLetteringKey(this.key));
		List<Long> active = List.of(TestNames.serviceId(), TestNames.serviceId(), TestNames.serviceId());
		List<Long> suspended = List.of(TestNames.serviceId(), TestNames.serviceId());
		long reactivated = TestNames.serviceId();
		List<LifecycleEvent> events = new ArrayList<>();
		for (long id : active) {
			events.add(Events.create(id, this.t0, "Replay " + id));
		}
		for (long id : suspended) {
			events.add(Events.create(id, this.t0, "Replay " + id));
			events.add(Events.suspend(id, this.t0.plusSeconds(10)));
		}
		events.add(Events.create(reactivated, this.t0, "Replay " + reactivated));
		events.add(Events.suspend(reactivated, this.t0.plusSeconds(10)));
		events.add(Events.unsuspend(reactivated, this.t0.plusSeconds(20)));
		send(events.toArray(LifecycleEvent[]::new));
		int total = events.size();

		// the failure, and its reason in dlt list
		assertThat(records(this.dltTopic, total)).hasSize(total);
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(
					this.ledgerDb.queryForObject("select count(*) from service where status = 'failed'", Integer.class))
				.isEqualTo(6));
		Dlt.Run list = this.dlt.run("list");
		assertThat(list.code()).isZero();
		assertThat(list.out()).contains(total + " dead letter(s)");
		assertThat(list.out().lines().filter((line) -> line.contains("archive_unauthorized"))).hasSize(total);

		// a dry run publishes nothing
		Dlt.Run dry = this.dlt.run("replay", "--all", "--dry-run");
		assertThat(dry.out()).contains("Dry run: 0 replayed, " + total + " would be replayed");
		assertThat(records(this.lifecycleTopic, total)).hasSize(total);

		// the fix, then one service first: only it recovers
		archive.addApiKey(this.key);
		long first = active.get(0);
		Dlt.Run one = this.dlt.run("replay", "--service", Long.toString(first), "--reason", "archive key fixed");
		assertThat(one.code()).as(one.err()).isZero();
		assertThat(one.out()).contains("1 replayed");
		awaitSettled(first, ServiceStatus.ACTIVE);
		assertThat(serviceRow(active.get(1))).containsEntry("status", "failed");

		// then the rest
		Dlt.Run rest = this.dlt.run("replay", "--all", "--reason", "archive key fixed");
		assertThat(rest.out()).contains((total - 1) + " replayed, 0 would be replayed, 1 already replayed");
		for (long id : active) {
			awaitSettled(id, ServiceStatus.ACTIVE);
		}
		for (long id : suspended) {
			awaitSettled(id, ServiceStatus.SUSPENDED);
		}
		awaitSettled(reactivated, ServiceStatus.ACTIVE);
		for (long id : events.stream().map(LifecycleEvent::serviceId).distinct().toList()) {
			assertThat(archive.allTenants()).filteredOn((t) -> t.slug().equals("replay-" + id))
				.singleElement()
				.extracting(ArchiveTenant::apiKeyId)
				.isEqualTo(ArchiveSandbox.keyId(this.key));
		}
		assertThat(records(this.lifecycleTopic, 2 * total)).hasSize(2 * total);

		// a second replay sends nothing
		Dlt.Run twice = this.dlt.run("replay", "--all", "--reason", "archive key fixed");
		assertThat(twice.out()).contains("0 replayed, 0 would be replayed, " + total + " already replayed");
		assertThat(records(this.lifecycleTopic, 2 * total)).hasSize(2 * total);
	}

	@Test
	void aReplayedCreateChangesNothingAndAReplayedOldSuspendIsSkipped() {
		startWorker(deadLetteringKey(this.key));
		long id = TestNames.serviceId();
		ServiceCreated create = Events.create(id, this.t0, "Replay " + id);
		ServiceSuspended suspend = Events.suspend(id, this.t0.plusSeconds(10));
		send(create, suspend);
		records(this.dltTopic, 2);
		await().atMost(WAIT).untilAsserted(() -> assertThat(serviceRow(id)).containsEntry("status", "failed"));

		// fixed, and meanwhile WHMCS unsuspended the service: the newest event wins
		archive.addApiKey(this.key);
		send(Events.unsuspend(id, this.t0.plusSeconds(20)));
		Map<String, Object> settled = awaitSettled(id, ServiceStatus.ACTIVE);
		long tenantsCreated = archive.requests()
			.stream()
			.filter((r) -> r.method().equals("POST") && r.path().equals(ArchiveSandbox.TENANTS_PATH)
					&& r.status() < 300)
			.count();
		archive.clearRequests();

		Dlt.Run replay = this.dlt.run("replay", "--service", Long.toString(id), "--reason", "late replay");
		assertThat(replay.out()).contains("2 replayed");
		await().atMost(WAIT).untilAsserted(() -> {
			assertThat(eventState(create.eventId())).isNotEqualTo("dead_lettered");
			assertThat(eventState(suspend.eventId())).isNotEqualTo("dead_lettered");
		});
		Map<String, Object> after = awaitSettled(id, ServiceStatus.ACTIVE);

		assertThat(after.get("applied_event_id")).isEqualTo(settled.get("applied_event_id"));
		assertThat(tenantsCreated).isEqualTo(1);
		assertThat(archive.requests()).noneMatch((r) -> r.method().equals("POST") || r.path().endsWith("/suspend"));
		assertThat(tenant("replay-" + id)).get().extracting((t) -> t.status().name()).isEqualTo("ACTIVE");
	}

	@Test
	void showGivesTheRecordAndTheLedgersViewOfTheServiceFromTheWorker() {
		String token = "admin-" + TestNames.shortId();
		String base = baseUrl(startWorker(web(deadLetteringKey(this.key, "ema.admin.token", token))));
		long id = TestNames.serviceId();
		ServiceCreated create = Events.create(id, this.t0, "Replay " + id);
		send(create);
		records(this.dltTopic, 1);
		await().atMost(WAIT).untilAsserted(() -> assertThat(serviceRow(id)).containsEntry("status", "failed"));

		Dlt.Run show = this.dlt.run("show", create.eventId().toString(), "--worker", base, "--admin-token=" + token);

		assertThat(show.code()).as(show.err()).isZero();
		assertThat(show.out()).contains("ema_dlt_reason: archive_unauthorized")
			.contains("kafka_dlt-original-topic: " + this.lifecycleTopic)
			.contains("event       " + create.eventId())
			.contains("kafka_dlt-original-offset: 0")
			.contains("Ledger service:")
			.contains("last_failure_reason: archive_unauthorized")
			.contains("status: failed")
			.contains("Ledger event:")
			.contains("state: dead_lettered")
			.doesNotContain(this.key);
		Dlt.Run refused = this.dlt.run("show", create.eventId().toString(), "--worker", base,
				"--admin-token=not-" + token);
		assertThat(refused.code()).isEqualTo(1);
		assertThat(refused.err()).contains("HTTP 401").doesNotContain(token);
	}

	/** The worker on a random port, with its admin endpoints. */
	private Map<String, Object> web(Map<String, Object> more) {
		Map<String, Object> properties = new HashMap<>(more);
		properties.put("spring.main.web-application-type", "servlet");
		properties.put("server.port", 0);
		return properties;
	}

	private static String baseUrl(ConfigurableApplicationContext worker) {
		return "http://127.0.0.1:" + worker.getEnvironment().getProperty("local.server.port");
	}

}
