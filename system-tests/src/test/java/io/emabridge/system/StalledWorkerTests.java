package io.emabridge.system;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.emabridge.embedded.ServiceProcess;
import io.emabridge.model.lifecycle.EventType;
import io.emabridge.sandbox.Faults;
import io.emabridge.sandbox.archive.ArchiveTenant;
import io.emabridge.sandbox.archive.TenantStatus;
import io.emabridge.system.History.Event;
import io.emabridge.testsupport.TestNames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Guarantee 9's "a worker that lost its claim writes nothing", with real processes: two
 * workers on one ledger and one topic, and one of them stopped ({@code SIGSTOP}, as a
 * long garbage collection or a frozen virtual machine would stop it) in the middle of an
 * archive call. The other takes the service over when the stopped one's lease runs out
 * and applies a newer event; when the stopped one goes on, it finishes its call and
 * whatever it does with the answer is refused by the fencing token: the ledger, the
 * archive and the tenant state topic all keep the newer state.
 */
class StalledWorkerTests {

	/**
	 * How long a suspend takes at the archive: long enough to stop the worker in the
	 * middle of it, well inside the worker's lease.
	 */
	private static final long SUSPEND_LATENCY_MS = 2_000;

	private static Bridge bridge;

	@BeforeAll
	static void startBridge() {
		// The worker makes a call only while its lease has a margin left (at most half
		// the lease): a lease of 10 s leaves room for the slow suspend. The stopped
		// worker stands still for longer than its lease, but not for longer than its
		// call's timeout: when it goes on, the archive's answer is waiting for it, and it
		// acts on an answer to a call it had no right to finish. (With a timeout shorter
		// than the stop, the HTTP client's timer fires first when the process goes on,
		// and the worker sees a timeout instead: a failure it never publishes.)
		bridge = new Bridge(Map.of("ema.worker.lease", "10s", "ema.archive.timeout", "60s"));
		bridge.startWorker();
	}

	@AfterAll
	static void stopBridge() {
		if (bridge != null) {
			bridge.close();
		}
	}

	@Test
	void aWorkerStoppedInTheMiddleOfASuspendWritesNothingAfterAnotherAppliedTheNewerUnsuspend() {
		long id = TestNames.serviceId();
		History history = History.of(id, Instant.now().truncatedTo(ChronoUnit.MICROS).minusSeconds(60),
				EventType.CREATE, EventType.SUSPEND, EventType.UNSUSPEND);
		Event create = history.happened().get(0);
		Event suspend = history.happened().get(1);
		Event unsuspend = history.happened().get(2);
		post(create);
		await().atMost(Duration.ofMinutes(1))
			.untilAsserted(() -> assertThat(lastTenantState(id))
				.hasValueSatisfying((state) -> assertThat(state.eventId()).isEqualTo(create.id().toString())));
		String slug = bridge.ledger().text(id, "slug");

		bridge.archive
			.faults(Faults.none().withLatencyMs(SUSPEND_LATENCY_MS).withPathContains("/" + slug + "/suspend"));
		post(suspend);
		// the suspend is under way at the archive: the worker whose claim sent it stops
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(10))
			.until(() -> bridge.archive.pendingRequests()
				.stream()
				.anyMatch((request) -> request.path().endsWith("/" + slug + "/suspend")));
		ServiceProcess stalled = claimHolder(id, suspend).orElseThrow();
		Map<String, Object> settled;
		long callsSettled;
		stalled.pause();
		try {
			// the suspend was in flight: the archive applies it while the worker that
			// sent it stands still
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(bridge.archive.tenant(slug)).get()
					.extracting(ArchiveTenant::status)
					.as("the suspend %s sent before it was stopped", stalled.name())
					.isEqualTo(TenantStatus.SUSPENDED));
			bridge.archive.clearFaults();
			post(unsuspend);
			// the stopped worker's lease runs out, and its partitions move to the other:
			// that one records the unsuspend, takes the service over and applies it
			await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertUnsuspended(id, slug, unsuspend));
			settled = bridge.ledger().service(id).orElseThrow();
			callsSettled = callsTo(slug);
		}
		finally {
			stalled.resume();
		}

		// the stopped worker goes on where it stood: its suspend ends (answered, or timed
		// out), and it writes nothing after: no ledger write, no archive call, no tenant
		// state
		await().atMost(Duration.ofSeconds(30)).until(() -> suspendsEnded(stalled) > 0);
		await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertUnsuspended(id, slug, unsuspend);
			assertThat(bridge.ledger().service(id)).as("the service's ledger row").contains(settled);
			assertThat(callsTo(slug)).as("archive calls for the tenant").isEqualTo(callsSettled);
		});
	}

	/** Archive calls for the tenant that were answered (or dropped). */
	private static long callsTo(String slug) {
		return bridge.archive.requests().stream().filter((request) -> request.path().contains("/" + slug)).count();
	}

	private static void assertUnsuspended(long id, String slug, Event unsuspend) {
		assertThat(bridge.archive.tenant(slug)).get()
			.extracting(ArchiveTenant::status)
			.as("tenant at the archive")
			.isEqualTo(TenantStatus.ACTIVE);
		assertThat(bridge.ledger().service(id)).get().satisfies((row) -> {
			assertThat(row.get("applied_status")).as("applied status").isEqualTo("active");
			assertThat(Objects.toString(row.get("applied_event_id"))).as("applied event")
				.isEqualTo(unsuspend.id().toString());
		});
		assertThat(lastTenantState(id)).as("last tenant state").hasValueSatisfying((state) -> {
			assertThat(state.status()).as("status of the last tenant state").isEqualTo("active");
			assertThat(state.eventId()).as("event of the last tenant state").isEqualTo(unsuspend.id().toString());
		});
	}

	/** The worker whose claim on the service is the one driving the event, if any. */
	private static Optional<ServiceProcess> claimHolder(long id, Event event) {
		return bridge.ledger()
			.service(id)
			.filter((row) -> event.id().toString().equals(Objects.toString(row.get("desired_event_id"))))
			.map((row) -> (String) row.get("claimed_by"))
			.flatMap((holder) -> bridge.workers().stream().filter((w) -> w.name().equals(holder)).findFirst());
	}

	/** The worker's suspend calls that ended, whatever their outcome. */
	private static double suspendsEnded(ServiceProcess worker) {
		return bridge.metric(worker, "ema_archive_request_seconds_count", "operation=\"suspend\"");
	}

	private static Optional<TenantStateRecord> lastTenantState(long id) {
		return bridge.records()
			.readAll(bridge.tenantStateTopic())
			.stream()
			.filter((record) -> Long.toString(id).equals(record.key()))
			.map(TenantStateRecord::of)
			.reduce((first, second) -> second);
	}

	private static void post(Event event) {
		assertThat(bridge.post(event.json())).as("gateway answer to %s", event.type()).isEqualTo(202);
	}

}
