package io.emabridge.provisioning;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.emabridge.deadletters.letter.DltHeaders;
import io.emabridge.model.lifecycle.Client;
import io.emabridge.model.lifecycle.ProductOptions;
import io.emabridge.model.lifecycle.ServiceCreated;
import io.emabridge.provisioning.ledger.ServiceStatus;
import io.emabridge.provisioning.support.Events;
import io.emabridge.sandbox.Faults;
import io.emabridge.sandbox.archive.ArchiveSandbox;
import io.emabridge.sandbox.archive.ArchiveTenant;
import io.emabridge.sandbox.archive.TenantSeed;
import io.emabridge.sandbox.archive.TenantStatus;
import io.emabridge.testsupport.TestNames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Guarantee 8 against the sandboxes: a tenant under the reseller's key that this service
 * did not provably create is never suspended, written back or published as its own,
 * whatever the service's events ask and however the archive fails.
 */
class OwnershipTests extends WorkerIntegrationTests {

	private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.MICROS).minusSeconds(60);

	@Test
	void anotherCustomersTenantIsNeverTakenOverByARequestedSlugAndAnOverdueSuspend() {
		startWorker();
		long id = TestNames.serviceId();
		String victim = "victim-" + id;
		archive.seedTenant("sandbox-key",
				TenantSeed.of(victim, "Victim Corp").withCreatedAt(this.t0.minusSeconds(3600)));
		ServiceCreated create = Events.create(id, this.t0, new Client("Attacker Ltd", null, null, "a@attacker.test"),
				new ProductOptions(null, false, victim, null), null);
		send(create);
		List<ConsumerRecord<String, byte[]>> dead = records(this.dltTopic, 1);
		assertThat(header(dead.get(0), DltHeaders.REASON)).isEqualTo("slug_taken");
		await().atMost(WAIT).untilAsserted(() -> assertThat(serviceRow(id)).containsEntry("status", "failed"));

		// WHMCS's overdue suspend, then the replay the notice recommends, without a new
		// slug
		send(Events.suspend(id, this.t0.plusSeconds(10)));
		await().atMost(WAIT).until(() -> "suspend".equals(desiredOf(id)));
		send(create);
		// the replayed create and the suspend recorded meanwhile: both fail, with the
		// same reason
		assertThat(records(this.dltTopic, 3)).hasSize(3)
			.allSatisfy((letter) -> assertThat(header(letter, DltHeaders.REASON)).isEqualTo("slug_taken"));
		await().atMost(WAIT).untilAsserted(() -> assertThat(serviceRow(id)).containsEntry("status", "failed"));

		assertThat(tenant(victim)).get().extracting(ArchiveTenant::status).isEqualTo(TenantStatus.ACTIVE);
		assertThat(archive.requests()).noneMatch((r) -> r.method().equals("PUT") && r.path().contains(victim));
		assertThat(serviceRow(id)).containsEntry("slug", null).containsEntry("owner_evidence", null);
		assertThat(whmcs.customField(id, 12).filter((value) -> !value.isBlank())).isEmpty();
		assertThat(tenantStates(id)).isEmpty();
	}

	@Test
	void aConflictAfterAnUnansweredCreateIsNoProofWhenTheTenantUnderTheSlugIsOlder() {
		startWorker();
		long id = TestNames.serviceId();
		String slug = "chaos-" + id;
		archive.seedTenant("sandbox-key",
				TenantSeed.of(slug, "Chaos " + id).withCreatedAt(this.t0.minus(30, ChronoUnit.DAYS)));
		archive.faults(Faults.none().withErrorRate(1.0, 503));
		send(Events.create(id, this.t0, new Client("Chaos " + id, null, null, null),
				new ProductOptions(null, true, null, null), null));
		await().atMost(WAIT).until(() -> failedCalls(ArchiveSandbox.TENANTS_PATH) >= 1);
		archive.clearFaults();
		Map<String, Object> row = awaitSettled(id, ServiceStatus.ACTIVE);
		assertThat(row).containsEntry("slug", slug + "-2").containsEntry("owner_evidence", "created");
		assertThat(tenant(slug)).get().extracting(ArchiveTenant::name).isEqualTo("Chaos " + id);

		send(Events.suspend(id, this.t0.plusSeconds(10)));
		awaitSettled(id, ServiceStatus.SUSPENDED);
		assertThat(tenant(slug)).get().extracting(ArchiveTenant::status).isEqualTo(TenantStatus.ACTIVE);
		assertThat(tenant(slug + "-2")).get().extracting(ArchiveTenant::status).isEqualTo(TenantStatus.SUSPENDED);
	}

	@Test
	void aCreateWhoseAnswerWasLostIsAdoptedWithItsProof() {
		startWorker();
		long id = TestNames.serviceId();
		archive.faults(Faults.none().withErrorRate(1.0, 503).withErrorAfterApply(true));
		send(Events.create(id, this.t0, "Lost " + id));
		await().atMost(WAIT).until(() -> failedCalls(ArchiveSandbox.TENANTS_PATH) >= 1);
		archive.clearFaults();
		Map<String, Object> row = awaitSettled(id, ServiceStatus.ACTIVE);
		assertThat(row).containsEntry("slug", "lost-" + id).containsEntry("owner_evidence", "lost_answer_match");
		assertThat((String) row.get("owner_detail")).contains("has the name sent");
		assertThat(archive.allTenants()).filteredOn((t) -> t.slug().startsWith("lost-" + id)).hasSize(1);
	}

	private long failedCalls(String path) {
		return archive.requests()
			.stream()
			.filter((r) -> r.method().equals("POST") && r.path().equals(path) && r.status() >= 500)
			.count();
	}

	private String desiredOf(long id) {
		Object type = serviceRow(id).get("desired_type");
		return (type != null) ? type.toString().replace("service.", "") : null;
	}

	private List<String> tenantStates(long id) {
		return records(this.tenantStateTopic, 0).stream()
			.filter((record) -> Long.toString(id).equals(record.key()))
			.map((record) -> new String(record.value(), StandardCharsets.UTF_8))
			.toList();
	}

}
