package io.emabridge.provisioning;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.emabridge.deadletters.letter.DltHeaders;
import io.emabridge.provisioning.ledger.ServiceStatus;
import io.emabridge.provisioning.support.Events;
import io.emabridge.sandbox.Faults;
import io.emabridge.sandbox.archive.ArchiveTenant;
import io.emabridge.sandbox.archive.TenantStatus;
import io.emabridge.sandbox.whmcs.WhmcsActivity;
import io.emabridge.testsupport.TestNames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A fault of the whole installation is one operator problem: a revoked reseller key
 * pauses every service, dead-letters none and tells WHMCS once; a refusal of one request
 * while the key works stays that service's dead letter.
 */
class KeyRefusedTests extends WorkerIntegrationTests {

	private static final String KEY = "sandbox-key";

	private static final int SERVICES = 20;

	private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.MICROS).minusSeconds(60);

	@AfterEach
	void restoreKey() {
		archive.restoreKey(KEY);
	}

	@Test
	void aRevokedKeyPausesEveryServiceWithoutDeadLettersAndOneNoticeThenEverythingConverges() {
		MeterRegistry meters = startWorker(
				Map.of("ema.archive.key-check.probe-interval", "1s", "ema.notices.poll-interval", "100ms"))
			.getBean(MeterRegistry.class);
		List<Long> ids = new ArrayList<>();
		for (int i = 0; i < SERVICES; i++) {
			long id = TestNames.serviceId();
			ids.add(id);
			send(Events.create(id, this.t0, "Keyed " + id));
		}
		ids.forEach((id) -> awaitSettled(id, ServiceStatus.ACTIVE));

		archive.revokeKey(KEY);
		for (long id : ids) {
			send(Events.suspend(id, this.t0.plusSeconds(10)));
		}
		await().atMost(WAIT).until(() -> meters.get("ema.archive.auth.failing").gauge().value() == 1);
		await().atMost(WAIT).until(() -> installationLines("every service paused").size() == 1);
		// the refused key is probed every second; nothing is dead-lettered meanwhile
		await().during(Duration.ofSeconds(3)).atMost(WAIT).untilAsserted(() -> {
			assertThat(
					this.ledgerDb.queryForObject("select count(*) from service where status = 'failed'", Integer.class))
				.isZero();
			assertThat(meters.get("ema.dead.letters").counters()).allSatisfy((c) -> assertThat(c.count()).isZero());
		});
		assertThat(installationLines("every service paused")).hasSize(1);

		archive.restoreKey(KEY);
		ids.forEach((id) -> awaitSettled(id, ServiceStatus.SUSPENDED));
		ids.forEach((id) -> assertThat(tenant("keyed-" + id)).get()
			.extracting(ArchiveTenant::status)
			.isEqualTo(TenantStatus.SUSPENDED));
		assertThat(meters.get("ema.archive.auth.failing").gauge().value()).isZero();
		await().atMost(WAIT).until(() -> installationLines("every service resumed").size() == 1);
		assertThat(this.ledgerDb.queryForObject("select count(*) from whmcs_notice", Integer.class)).isEqualTo(1);
	}

	@Test
	void aRefusalOfOneRequestWhileTheKeyWorksDeadLettersThatServiceOnly() {
		MeterRegistry meters = startWorker().getBean(MeterRegistry.class);
		long refused = TestNames.serviceId();
		long fine = TestNames.serviceId();
		send(Events.create(refused, this.t0, "Refused " + refused), Events.create(fine, this.t0, "Fine " + fine));
		awaitSettled(refused, ServiceStatus.ACTIVE);
		awaitSettled(fine, ServiceStatus.ACTIVE);

		archive.faults(Faults.none().withErrorRate(1.0, 403).withPathContains("/refused-" + refused));
		send(Events.suspend(refused, this.t0.plusSeconds(10)), Events.suspend(fine, this.t0.plusSeconds(10)));
		assertThat(header(records(this.dltTopic, 1).get(0), DltHeaders.REASON)).isEqualTo("archive_unauthorized");
		awaitSettled(fine, ServiceStatus.SUSPENDED);
		await().atMost(WAIT).untilAsserted(() -> assertThat(serviceRow(refused)).containsEntry("status", "failed"));
		assertThat(meters.get("ema.archive.auth.failing").gauge().value()).isZero();
	}

	private static List<String> installationLines(String part) {
		return whmcs.activityLog()
			.stream()
			.map(WhmcsActivity::description)
			.filter((line) -> line.startsWith("Easy Mail Archive: " + part))
			.toList();
	}

}
