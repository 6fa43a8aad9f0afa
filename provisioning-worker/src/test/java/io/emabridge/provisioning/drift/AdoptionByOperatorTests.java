package io.emabridge.provisioning.drift;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.emabridge.model.lifecycle.Client;
import io.emabridge.model.lifecycle.ProductOptions;
import io.emabridge.provisioning.WorkerIntegrationTests;
import io.emabridge.provisioning.ledger.ServiceStatus;
import io.emabridge.provisioning.support.Events;
import io.emabridge.sandbox.archive.ArchiveTenant;
import io.emabridge.sandbox.archive.TenantSeed;
import io.emabridge.sandbox.archive.TenantStatus;
import io.emabridge.testsupport.TestNames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An operator adopts explicitly what the worker would never take by itself: a parked
 * service's requested slug that names the customer's own tenant.
 */
class AdoptionByOperatorTests extends WorkerIntegrationTests {

	private final String token = "token-" + TestNames.shortId();

	private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.MICROS).minusSeconds(60);

	private String base;

	@Test
	void aParkedServiceAdoptedByAnOperatorTakesItsNewestIntentAndTheTenantStateIsPublished() throws Exception {
		this.base = AdminCalls.baseUrl(startWorker(web()));
		long id = TestNames.serviceId();
		long other = TestNames.serviceId();
		String slug = "mine-" + id;
		archive.seedTenant("sandbox-key", TenantSeed.of(slug, "Mine Ltd").withCreatedAt(this.t0.minusSeconds(86400)));
		send(Events.create(id, this.t0, new Client("Mine Ltd", null, null, null),
				new ProductOptions(null, false, slug, null), null));
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(serviceRow(id)).containsEntry("status", "failed")
				.containsEntry("last_failure_reason", "slug_taken"));
		send(Events.suspend(id, this.t0.plusSeconds(10)));
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(serviceRow(id)).containsEntry("desired_status", "suspended"));

		assertThat(adopt(id, slug, "the customer's tenant from before", null).statusCode()).isEqualTo(401);
		assertThat(adopt(id, slug, " ", this.token).statusCode()).isEqualTo(400);
		assertThat(adopt(id, "nobody-" + id, "a typo", this.token).statusCode()).isEqualTo(409);
		HttpResponse<String> adopted = adopt(id, slug, "the customer's tenant from before", this.token);
		assertThat(AdminCalls.json(adopted).get("eventsDue").asBoolean()).isTrue();

		Map<String, Object> row = awaitSettled(id, ServiceStatus.SUSPENDED);
		assertThat(row).containsEntry("slug", slug).containsEntry("owner_evidence", "adopted_operator");
		assertThat((String) row.get("owner_detail")).contains("the customer's tenant from before");
		assertThat(tenant(slug)).get().extracting(ArchiveTenant::status).isEqualTo(TenantStatus.SUSPENDED);
		assertThat(whmcs.customField(id, 12)).contains(slug);

		// the slug is this service's now: nobody else adopts it
		assertThat(adopt(other, slug, "another try", this.token).statusCode()).isEqualTo(409);
		assertThat(adopt(id, slug, "again", this.token).statusCode()).isEqualTo(409);
	}

	@Test
	void aServiceAdoptedWithoutEventsHasItsTenantStatePublished() throws Exception {
		this.base = AdminCalls.baseUrl(startWorker(web()));
		long id = TestNames.serviceId();
		String slug = "quiet-" + id;
		archive.seedTenant("sandbox-key", TenantSeed.of(slug, "Quiet Ltd"));
		assertThat(adopt(id, slug, "made by hand in the reseller dashboard", this.token).statusCode()).isEqualTo(200);
		await().atMost(WAIT)
			.until(() -> records(this.tenantStateTopic, 0).stream()
				.anyMatch((r) -> Long.toString(id).equals(r.key())
						&& new String(r.value(), StandardCharsets.UTF_8).contains("\"" + slug + "\"")));
		assertThat(serviceRow(id)).containsEntry("applied_status", "active").containsEntry("whmcs_synced", true);
	}

	private HttpResponse<String> adopt(long id, String slug, String reason, String bearer) throws Exception {
		return AdminCalls.postJson(this.base + "/admin/services/" + id + "/adopt", bearer,
				"{\"slug\":\"" + slug + "\",\"reason\":\"" + reason + "\"}");
	}

	private Map<String, Object> web() {
		Map<String, Object> properties = new HashMap<>();
		properties.put("spring.main.web-application-type", "servlet");
		properties.put("server.port", 0);
		properties.put("ema.admin.token", this.token);
		properties.put("ema.dead-letters.memory-topic", TestNames.topic("replayed"));
		properties.put("ema.reconcile.schedule", "-");
		return properties;
	}

}
