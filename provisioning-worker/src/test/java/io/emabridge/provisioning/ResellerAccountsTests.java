package io.emabridge.provisioning;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import io.emabridge.provisioning.archive.ArchiveAccounts;
import io.emabridge.provisioning.ledger.ServiceStatus;
import io.emabridge.provisioning.support.Events;
import io.emabridge.sandbox.archive.ArchiveTenant;
import io.emabridge.sandbox.archive.TenantStatus;
import io.emabridge.testsupport.TestNames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A host with two Easy Mail Archive servers in WHMCS, each its own reseller account: the
 * services of each server land in that server's account, under its base domain, and one
 * account's revoked key holds only that account's services.
 */
class ResellerAccountsTests extends WorkerIntegrationTests {

	private final String secondKey = "brand-two-" + TestNames.shortId();

	private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.MICROS).minusSeconds(60);

	@AfterEach
	void removeSecondKey() {
		archive.restoreKey(this.secondKey);
		archive.removeApiKey(this.secondKey);
	}

	@Test
	void servicesOfEachServerLandInTheirOwnAccountAndOneRevokedKeyHoldsOnlyItsOwn() {
		archive.addApiKey(this.secondKey);
		ConfigurableApplicationContext worker = startWorker(
				Map.of("ema.archive.accounts.2.api-key", this.secondKey, "ema.archive.accounts.2.base-domain",
						"archive.brand-two.test", "ema.archive.key-check.probe-interval", "1s"));
		MeterRegistry meters = worker.getBean(MeterRegistry.class);
		ArchiveAccounts accounts = worker.getBean(ArchiveAccounts.class);
		long first = TestNames.serviceId();
		long second = TestNames.serviceId();
		send(Events.create(first, this.t0, "Server one " + first),
				Events.onServer(Events.create(second, this.t0, "Server two " + second), 2));
		awaitSettled(first, ServiceStatus.ACTIVE);
		Map<String, Object> secondRow = awaitSettled(second, ServiceStatus.ACTIVE);

		String firstSlug = "server-one-" + first;
		String secondSlug = "server-two-" + second;
		assertThat(archive.tenants("sandbox-key")).extracting(ArchiveTenant::slug)
			.contains(firstSlug)
			.doesNotContain(secondSlug);
		assertThat(archive.tenants(this.secondKey)).extracting(ArchiveTenant::slug).containsExactly(secondSlug);
		assertThat(secondRow).containsEntry("url", "https://" + secondSlug + ".archive.brand-two.test")
			.containsEntry("server_id", 2L);
		assertThat(serviceRow(first)).containsEntry("url", "https://" + firstSlug + ".archive.example.test");

		// the second account's key is revoked: its service waits, the first account's
		// work flows, the listener keeps recording
		archive.revokeKey(this.secondKey);
		send(Events.suspend(first, this.t0.plusSeconds(10)), Events.suspend(second, this.t0.plusSeconds(10)));
		awaitSettled(first, ServiceStatus.SUSPENDED);
		String secondTag = accounts.forServer(2L).keyTag();
		await().atMost(WAIT)
			.until(() -> meters.get("ema.archive.auth.failing").tag("key", secondTag).gauge().value() == 1);
		await().during(Duration.ofSeconds(2)).atMost(WAIT).untilAsserted(() -> {
			assertThat(serviceRow(second)).containsEntry("status", "pending");
			assertThat(meters.get("ema.consumers.paused").gauge().value()).isZero();
		});
		assertThat(
				meters.get("ema.archive.auth.failing").tag("key", accounts.defaultAccount().keyTag()).gauge().value())
			.isZero();

		archive.restoreKey(this.secondKey);
		awaitSettled(second, ServiceStatus.SUSPENDED);
		assertThat(archive.tenants(this.secondKey)).singleElement()
			.extracting(ArchiveTenant::status)
			.isEqualTo(TenantStatus.SUSPENDED);
	}

}
