package io.emabridge.system;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

import io.emabridge.sandbox.archive.ArchiveTenant;
import io.emabridge.system.History.Event;
import io.emabridge.testsupport.TestNames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One seeded run of random histories through a bridge, checked against the model at the
 * end.
 */
final class ConvergenceRun {

	private static final int WHMCS_SLUG_FIELD = 12;

	private static final Duration RETRY_AFTER_UNAVAILABLE = Duration.ofMillis(500);

	private final Bridge bridge;

	private int unavailable;

	ConvergenceRun(Bridge bridge) {
		this.bridge = bridge;
	}

	/**
	 * How often the gateway answered 503 (Kafka unavailable) and the module call had to
	 * be made again.
	 */
	int unavailableAnswers() {
		return this.unavailable;
	}

	/**
	 * Sends the histories of {@code services} services, interleaved, calling
	 * {@code faults} as the sending passes each percent of the way, then clears every
	 * fault and checks the end state against the model.
	 */
	ConvergenceRun run(long seed, int services, IntConsumer faults) {
		System.out.println("system convergence run: seed " + seed + ", " + services + " services");
		Random random = new Random(seed);
		Instant start = Instant.now().truncatedTo(ChronoUnit.MICROS).minusSeconds(3600);
		String sharedDomain = "www.shared" + TestNames.shortId() + ".net";
		List<History> histories = new ArrayList<>();
		for (int i = 0; i < services; i++) {
			histories.add(History.random(TestNames.serviceId(), random, start, sharedDomain));
		}
		long tenantsBefore = this.bridge.archive.allTenants().size();

		List<Event> arrivals = interleave(histories, random);
		int lastPercent = -1;
		for (int i = 0; i < arrivals.size(); i++) {
			int percent = i * 100 / arrivals.size();
			if (percent != lastPercent) {
				faults.accept(percent);
				lastPercent = percent;
			}
			post(arrivals.get(i), seed);
		}
		this.bridge.archive.clearFaults();
		this.bridge.whmcs.clearFaults();

		await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
			for (History history : histories) {
				assertConverged(history, seed);
			}
		});
		assertThat(this.bridge.archive.allTenants().size() - tenantsBefore).as("tenants created, seed %d", seed)
			.isEqualTo(services);
		// each tenant once: as many new tenants as services, and every service's tenant
		// its own
		assertThat(histories.stream()
			.map((h) -> this.bridge.whmcs.customField(h.serviceId(), WHMCS_SLUG_FIELD).orElseThrow())
			.distinct()).as("distinct slugs, seed %d", seed).hasSize(services);
		assertThat(this.bridge.archive.requests()).as("DELETE calls").noneMatch((r) -> r.method().equals("DELETE"));
		assertNoSecretLeaked();
		return this;
	}

	/**
	 * Posts one event as the module does, until the gateway takes it. A 503 (Kafka
	 * unavailable) is what an admin sees as a failed module call; the call is then made
	 * again, as the admin or WHMCS's Module Queue would. Anything else than 202 or 503 is
	 * wrong.
	 */
	private void post(Event event, long seed) {
		int status = this.bridge.post(event.json());
		long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
		while (status == 503 && System.nanoTime() < deadline) {
			this.unavailable++;
			LockSupport.parkNanos(RETRY_AFTER_UNAVAILABLE.toNanos());
			status = this.bridge.post(event.json());
		}
		assertThat(status).as("gateway answer to event %s, seed %d", event.id(), seed).isEqualTo(202);
	}

	private void assertConverged(History history, long seed) {
		Optional<String> slug = this.bridge.whmcs.customField(history.serviceId(), WHMCS_SLUG_FIELD);
		assertThat(slug).as("slug written back for service %d, seed %d", history.serviceId(), seed).isPresent();
		assertThat(history.possibleSlugs()).as("slug of service %d, seed %d", history.serviceId(), seed)
			.contains(slug.get());
		Optional<ArchiveTenant> tenant = this.bridge.archive.tenant(slug.get());
		assertThat(tenant).as("tenant of service %d, seed %d", history.serviceId(), seed).isPresent();
		assertThat(tenant.get().status().wireName()).as("status of service %d, seed %d", history.serviceId(), seed)
			.isEqualTo(history.expectedStatus());
	}

	/** Secrets must not show up in any service's output or metrics. */
	private void assertNoSecretLeaked() {
		String logs = this.bridge.allLogs();
		List<String> scrapes = new ArrayList<>();
		scrapes.add(this.bridge.scrape(this.bridge.gateway()));
		this.bridge.workers().forEach((worker) -> scrapes.add(this.bridge.scrape(worker)));
		for (String secret : List.of(Bridge.GATEWAY_SECRET, Bridge.ARCHIVE_API_KEY, Bridge.WHMCS_SECRET)) {
			assertThat(logs).as("service logs").doesNotContain(secret);
			assertThat(scrapes).as("metrics").noneMatch((scrape) -> scrape.contains(secret));
		}
	}

	/**
	 * All services' arrivals in one random sequence that keeps each service's own order.
	 */
	private static List<Event> interleave(List<History> histories, Random random) {
		List<Deque<Event>> queues = new ArrayList<>();
		histories.forEach((history) -> queues.add(new ArrayDeque<>(history.sent())));
		List<Event> all = new ArrayList<>();
		while (!queues.isEmpty()) {
			int i = random.nextInt(queues.size());
			all.add(queues.get(i).poll());
			if (queues.get(i).isEmpty()) {
				queues.remove(i);
			}
		}
		return all;
	}

}
