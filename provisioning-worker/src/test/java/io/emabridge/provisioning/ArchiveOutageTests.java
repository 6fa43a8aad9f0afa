package io.emabridge.provisioning;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import io.emabridge.provisioning.ledger.ServiceStatus;
import io.emabridge.provisioning.support.Events;
import io.emabridge.sandbox.Faults;
import io.emabridge.sandbox.RecordedRequest;
import io.emabridge.sandbox.archive.ArchiveSandbox;
import io.emabridge.testsupport.TestNames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The archive failing for a while: the circuit breaker pauses the applier and the
 * listener instead of a retry storm and a dead-letter flood, probes, and everything
 * converges once the archive is back. And a 429 storm slows the rate limiter down without
 * opening the circuit.
 */
class ArchiveOutageTests extends WorkerIntegrationTests {

	private static final int SERVICES = 40;

	private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.MICROS).minusSeconds(60);

	@Test
	void archiveDownPausesTheWorkAndTheConsumersThenEverythingConvergesWithoutDeadLetters() {
		archive.faults(Faults.none().withDown(true));
		Map<String, Object> settings = new HashMap<>();
		settings.put("ema.archive.circuit-breaker.window-size", 10);
		settings.put("ema.archive.circuit-breaker.minimum-calls", 5);
		settings.put("ema.archive.circuit-breaker.wait-in-open", "1s");
		settings.put("ema.archive.circuit-breaker.permitted-calls-in-half-open", 2);
		// shorter than the outage: time with the circuit open must not count toward
		// giving up
		settings.put("ema.worker.retry.give-up-after", "2s");
		ConfigurableApplicationContext worker = startWorker(settings);
		MessageListenerContainer listener = worker.getBean(KafkaListenerEndpointRegistry.class)
			.getListenerContainer("lifecycle");

		List<Long> ids = new ArrayList<>();
		for (int i = 0; i < SERVICES; i++) {
			long id = TestNames.serviceId();
			ids.add(id);
			send(Events.create(id, this.t0, "Outage " + id));
		}
		await().atMost(WAIT)
			.until(() -> gauge(worker, "ema.archive.circuit.state", "state", "closed") == 0
					&& listener.isContainerPaused());
		await().atMost(WAIT).until(() -> gauge(worker, "ema.applier.in.flight") == 0);
		assertThat(gauge(worker, "ema.consumers.paused")).isEqualTo(1);

		// while open: events wait in Kafka, and only probes reach the archive
		archive.clearRequests();
		List<Long> suspended = ids.subList(0, 10);
		for (long id : suspended) {
			send(Events.suspend(id, this.t0.plusSeconds(10)));
		}
		long late = TestNames.serviceId();
		send(Events.create(late, this.t0, "Late " + late));
		await().atMost(WAIT).until(() -> archive.requests().size() >= 3);
		assertThat(archive.requests()).allSatisfy((request) -> {
			assertThat(request.method()).isEqualTo("GET");
			assertThat(request.path()).isEqualTo(ArchiveSandbox.TENANTS_PATH);
		});
		assertThat(serviceRow(late)).as("not consumed while paused").isEmpty();
		assertThat(serviceRow(suspended.get(0))).containsEntry("desired_type", "service.create");

		archive.clearFaults();
		await().atMost(WAIT)
			.until(() -> gauge(worker, "ema.archive.circuit.state", "state", "closed") == 1
					&& !listener.isPauseRequested());
		for (long id : ids) {
			awaitSettled(id, suspended.contains(id) ? ServiceStatus.SUSPENDED : ServiceStatus.ACTIVE);
		}
		awaitSettled(late, ServiceStatus.ACTIVE);
		assertThat(this.ledgerDb.queryForObject("select count(*) from lifecycle_event where state = 'dead_lettered'",
				Integer.class))
			.isZero();
		assertThat(this.ledgerDb.queryForObject("select count(*) from service where status = 'failed'", Integer.class))
			.isZero();
		MeterRegistry meters = worker.getBean(MeterRegistry.class);
		assertThat(meters.get("ema.dead.letters").counters()).allSatisfy((c) -> assertThat(c.count()).isZero());
		assertThat(meters.get("ema.archive.circuit.transitions").tag("to", "open").counter().count())
			.isGreaterThanOrEqualTo(1);
		assertThat(meters.get("ema.archive.circuit.transitions").tag("to", "closed").counter().count()).isEqualTo(1);
		assertThat(gauge(worker, "ema.consumers.paused")).isZero();
	}

	@Test
	void rateLimitStormSlowsTheLimiterAndEverythingConverges() {
		ConfigurableApplicationContext worker = startWorker(Map.of("ema.archive.rate-limit.requests-per-second", 20));
		assertThat(rateLimit(worker)).isEqualTo(20);
		archive.faults(Faults.none().withRateLimitBurst(16, 1));
		List<Long> ids = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			long id = TestNames.serviceId();
			ids.add(id);
			send(Events.create(id, this.t0, "Storm " + id));
		}
		await().atMost(WAIT).until(() -> rateLimit(worker) <= 10);
		for (long id : ids) {
			awaitSettled(id, ServiceStatus.ACTIVE);
		}
		assertThat(archive.requests()).filteredOn((r) -> r.status() == 429).hasSize(16);
		MeterRegistry meters = worker.getBean(MeterRegistry.class);
		assertThat(meters.get("ema.archive.rate.limited").counter().count()).isEqualTo(16);
		assertThat(meters.get("ema.archive.circuit.transitions").tag("to", "open").counter().count()).isZero();
		assertThat(meters.get("ema.dead.letters").counters()).allSatisfy((c) -> assertThat(c.count()).isZero());
		assertThat(archive.requests()).extracting(RecordedRequest::status).doesNotContain(503);
	}

	private static double rateLimit(ConfigurableApplicationContext worker) {
		return gauge(worker, "ema.archive.rate.limit");
	}

	private static double gauge(ConfigurableApplicationContext worker, String name, String... tags) {
		return worker.getBean(MeterRegistry.class).get(name).tags(tags).gauge().value();
	}

}
