package io.emabridge.provisioning.drift;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.emabridge.provisioning.WorkerIntegrationTests;
import io.emabridge.provisioning.ledger.ServiceStatus;
import io.emabridge.provisioning.support.Events;
import io.emabridge.sandbox.RecordedRequest;
import io.emabridge.sandbox.archive.ArchiveSandboxOptions;
import io.emabridge.sandbox.archive.TenantSeed;
import io.emabridge.sandbox.archive.TenantStatus;
import io.emabridge.sandbox.whmcs.WhmcsProduct;
import io.emabridge.sandbox.whmcs.WhmcsService;
import io.emabridge.testsupport.TestNames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Moving from the inline module: a WHMCS installation whose services name their tenants
 * in the Archive slug field, imported by the drift reconciler on a running worker, with
 * the ambiguous services reported and left alone; and events that wait for a create too
 * long, reported and counted until the service is adopted or its create arrives.
 */
class DriftImportTests extends WorkerIntegrationTests {

	private static final String KEY = ArchiveSandboxOptions.DEFAULT_API_KEY;

	private final String token = "admin-" + TestNames.shortId();

	/** Slugs of this test: a prefix of letters, so that they pass the slug rules. */
	private final String prefix = "inl" + TestNames.shortId().replaceAll("[^a-z0-9]", "");

	@BeforeEach
	void emptySandboxes() {
		// the reconciler compares everything it can see: each test starts from nothing
		// but its own seed
		archive.clearTenants();
		whmcs.services().forEach((service) -> whmcs.removeService(service.id()));
		whmcs.clearRequests();
		whmcs.clearFaults();
	}

	@Test
	void anInlineModuleInstallationIsImportedOnceAndTheAmbiguousAreLeftAlone() throws Exception {
		String base = AdminCalls.baseUrl(startWorker(web(Map.of())));
		Installation seeded = seedInstallation();
		Set<Long> adoptable = seeded.adoptable();
		Map<String, Object> ledgerBefore = ledgerCounts();
		archive.clearRequests();
		whmcs.clearRequests();

		// a dry run lists what would be adopted and what is ambiguous, and changes
		// nothing
		JsonNode dryRun = AdminCalls.json(AdminCalls.post(base + "/admin/reconcile?fix=false", this.token));

		assertThat(dryRun.get("services").asInt()).isEqualTo(1000);
		assertThat(dryRun.get("counts").get("untracked_service").asInt()).isEqualTo(adoptable.size());
		assertThat(dryRun.get("counts").get("ownership_ambiguous").asInt()).isEqualTo(seeded.ambiguous().size());
		assertThat(dryRun.get("counts").get("service_without_tenant").asInt()).isEqualTo(seeded.ghosts().size());
		assertThat(dryRun.get("counts").get("tenant_without_service").asInt()).isZero();
		assertThat(dryRun.get("counts").get("status_mismatch").asInt()).isZero();
		assertThat(dryRun.get("inProgress").size()).as("events waiting for a create are not work in progress").isZero();
		Map<Long, String> ambiguities = new HashMap<>();
		for (JsonNode drift : dryRun.get("drifts")) {
			if (drift.get("kind").asString().equals("untracked_service")) {
				assertThat(drift.get("remedy").asString()).isEqualTo("adopt");
			}
			if (drift.get("kind").asString().equals("ownership_ambiguous")) {
				ambiguities.put(drift.get("serviceId").asLong(), drift.get("ambiguity").asString());
				assertThat(drift.get("remedy").asString()).isEqualTo("none");
			}
		}
		assertThat(ambiguities).isEqualTo(seeded.ambiguous());
		assertThat(archive.requests()).extracting(RecordedRequest::method).containsOnly("GET");
		assertThat(whmcs.requests()).extracting(RecordedRequest::action).containsOnly("GetClientsProducts");
		assertThat(ledgerCounts()).isEqualTo(ledgerBefore);
		Cli.Run printed = Cli.run(Map.of(), "--url", base, "--token", this.token, "--last");
		assertThat(printed.out()).contains("untracked_service", "ownership_ambiguous",
				"Drift: service_without_tenant 10, untracked_service " + adoptable.size() + ", ownership_ambiguous 40");

		JsonNode fixed = AdminCalls.json(AdminCalls.post(base + "/admin/reconcile?fix=true", this.token));

		// every adoption in one run: they are not counted against max-fixes (100); the
		// status events of adopted services without events of their own are
		List<String> fixes = new ArrayList<>();
		fixed.get("fixes")
			.forEach((fix) -> fixes.add(fix.get("kind").asString() + " " + fix.get("remedy").asString() + " "
					+ fix.get("result").asString()));
		assertThat(fixes).filteredOn((fix) -> fix.equals("untracked_service adopt applied")).hasSize(adoptable.size());
		assertThat(fixes).filteredOn((fix) -> fix.equals("status_mismatch publish_status applied"))
			.hasSize(seeded.suspendedWithoutEvents().size());
		assertThat(fixes).hasSize(adoptable.size() + seeded.suspendedWithoutEvents().size());

		// the overdue suspends recorded before the import apply, and so do the corrective
		// ones; the recorded unsuspends too
		await().atMost(WAIT).untilAsserted(() -> {
			for (long id : seeded.pendingSuspends()) {
				assertThat(tenant(seeded.slug(id)).orElseThrow().status()).isEqualTo(TenantStatus.SUSPENDED);
			}
			for (long id : seeded.suspendedWithoutEvents()) {
				assertThat(tenant(seeded.slug(id)).orElseThrow().status()).isEqualTo(TenantStatus.SUSPENDED);
			}
			for (long id : seeded.pendingUnsuspends()) {
				assertThat(tenant(seeded.slug(id)).orElseThrow().status()).isEqualTo(TenantStatus.ACTIVE);
			}
		});
		seeded.pendingSuspends().forEach((id) -> awaitSettled(id, ServiceStatus.SUSPENDED));
		seeded.suspendedWithoutEvents().forEach((id) -> awaitSettled(id, ServiceStatus.SUSPENDED));
		seeded.pendingUnsuspends().forEach((id) -> awaitSettled(id, ServiceStatus.ACTIVE));

		// ownership recorded with its evidence; no create was sent for any adopted
		// service,
		// and nothing written back that WHMCS already shows
		Map<Long, Map<String, Object>> rows = rows(adoptable);
		assertThat(rows).hasSize(adoptable.size());
		rows.forEach((id, row) -> {
			assertThat(row).containsEntry("slug", seeded.slug(id))
				.containsEntry("slug_candidate", seeded.slug(id))
				.containsEntry("owner_evidence", "adopted_import")
				.containsEntry("whmcs_synced", true);
			assertThat((String) row.get("owner_detail")).contains("#" + id, "'" + seeded.slug(id) + "'",
					"Archive slug field (custom field 12)", "created ");
			assertThat((String) row.get("url")).contains(seeded.slug(id));
		});
		assertThat(createRequests()).isZero();
		// the archive saw reads, and the status changes of the adopted tenants that
		// needed
		// one: nothing else
		Set<String> changed = new HashSet<>();
		seeded.pendingSuspends().forEach((id) -> changed.add(seeded.slug(id)));
		seeded.suspendedWithoutEvents().forEach((id) -> changed.add(seeded.slug(id)));
		seeded.pendingUnsuspends().forEach((id) -> changed.add(seeded.slug(id)));
		assertThat(archive.requests()).filteredOn((request) -> !request.method().equals("GET"))
			.allSatisfy((request) -> {
				assertThat(request.method()).isEqualTo("PUT");
				assertThat(request.path()).matches(".*/tenants/[^/]+/(suspend|unsuspend)");
				assertThat(changed).contains(request.path().split("/")[4]);
			});
		assertThat(whmcs.requests()).extracting(RecordedRequest::action)
			.doesNotContain("UpdateClientProduct", "ModuleCreate");

		// the ambiguous ones are untouched: not owned, their tenants as they were
		for (long id : seeded.ambiguous().keySet()) {
			assertThat(serviceRow(id).get("slug")).as("service %d owns no tenant", id).isNull();
			assertThat(serviceRow(id).get("owner_evidence")).isNull();
		}
		for (String slug : seeded.ambiguousSlugs()) {
			assertThat(tenant(slug).orElseThrow().status()).as(slug).isEqualTo(TenantStatus.ACTIVE);
		}
		assertThat(serviceRow(seeded.reserving())).containsEntry("slug_candidate", seeded.reservedSlug())
			.containsEntry("slug", null);

		// a second run changes nothing: no fix applied, no archive mutation, the ledger
		// as it was
		Map<Long, Map<String, Object>> settled = rows(adoptable);
		archive.clearRequests();
		whmcs.clearRequests();
		JsonNode again = AdminCalls.json(AdminCalls.post(base + "/admin/reconcile?fix=true", this.token));

		assertThat(again.get("fixes").size()).as(again.get("fixes").toString()).isZero();
		assertThat(again.get("counts").get("untracked_service").asInt()).isZero();
		assertThat(again.get("counts").get("status_mismatch").asInt()).isZero();
		assertThat(again.get("counts").get("ownership_ambiguous").asInt()).isEqualTo(seeded.ambiguous().size());
		assertThat(archive.requests()).extracting(RecordedRequest::method).containsOnly("GET");
		assertThat(whmcs.requests()).extracting(RecordedRequest::action).containsOnly("GetClientsProducts");
		assertThat(rows(adoptable)).isEqualTo(settled);
	}

	@Test
	void eventsWaitingTooLongForACreateAreReportedAndCountedUntilAdoptedOrCreated() throws Exception {
		String base = AdminCalls.baseUrl(startWorker(web(Map.of("ema.worker.missing-create-after", "2s"))));
		// suspended in WHMCS; its suspend reached the worker, its create never did
		long adopted = TestNames.serviceId();
		long created = TestNames.serviceId();
		whmcs.putService(WhmcsService.of(adopted, 11).withStatus("Suspended"));
		whmcs.putService(WhmcsService.of(created, 12).withStatus("Suspended"));
		Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		send(Events.suspend(adopted, at), Events.suspend(created, at));
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(List.of(serviceRow(adopted), serviceRow(created)))
				.allSatisfy((row) -> assertThat(row).containsEntry("desired_status", "suspended")));

		await().atMost(WAIT).untilAsserted(() -> {
			JsonNode report = AdminCalls.json(AdminCalls.post(base + "/admin/reconcile", this.token));
			assertThat(AdminCalls.drifts(report)).containsExactly("waiting_for_create " + adopted + " none",
					"waiting_for_create " + created + " none");
			assertThat(report.get("drifts").get(0).get("detail").asString()).contains("Archive slug field",
					"module's Create");
			assertThat(AdminCalls.get(base + "/actuator/prometheus", null).body())
				.containsPattern("ema_services_waiting_for_create(\\{[^}]*\\})? 2\\.0");
		});
		assertThat(archive.requests()).extracting(RecordedRequest::method).containsOnly("GET");

		// the inline module's tenant, once WHMCS's field names it, is adopted and the
		// suspend it waited with applies
		String slug = this.prefix + "-kept";
		archive.seedTenant(KEY, TenantSeed.of(slug, "Kept Ltd"));
		whmcs.putService(whmcs.service(adopted).orElseThrow().withCustomField(WhmcsProduct.SLUG_FIELD_ID, slug));
		JsonNode fixed = AdminCalls.json(AdminCalls.post(base + "/admin/reconcile?fix=true", this.token));
		assertThat(AdminCalls.drifts(fixed)).contains("untracked_service " + adopted + " adopt");
		awaitSettled(adopted, ServiceStatus.SUSPENDED);
		assertThat(tenant(slug).orElseThrow().status()).isEqualTo(TenantStatus.SUSPENDED);
		assertThat(serviceRow(adopted)).containsEntry("owner_evidence", "adopted_import");

		// the other's create arrives at last: the tenant is made and suspended
		send(Events.create(created, at.minusSeconds(60), "Late Create"));
		Map<String, Object> row = awaitSettled(created, ServiceStatus.SUSPENDED);
		assertThat(row).containsEntry("owner_evidence", "created");

		await().atMost(WAIT).untilAsserted(() -> {
			assertThat(AdminCalls.get(base + "/actuator/prometheus", null).body())
				.containsPattern("ema_services_waiting_for_create(\\{[^}]*\\})? 0\\.0");
			assertThat(
					AdminCalls.json(AdminCalls.post(base + "/admin/reconcile", this.token)).get("outcome").asString())
				.isEqualTo("clean");
		});
		assertThat(createRequests()).isEqualTo(1);
	}

	@Test
	void aTenantOfASecondResellerAccountIsAdoptedWithItsAccountAndDrivenThroughIt() throws Exception {
		String secondKey = "second-" + TestNames.shortId();
		archive.addApiKey(secondKey);
		try {
			String base = AdminCalls.baseUrl(startWorker(web(Map.of("ema.archive.accounts.2.api-key", secondKey,
					"ema.archive.accounts.2.base-domain", "archive.second.test"))));
			// the inline module made the tenant under server 2's key; the worker has only
			// the suspend
			long id = TestNames.serviceId();
			String slug = this.prefix + "-second";
			archive.seedTenant(secondKey, TenantSeed.of(slug, "Second Brand Ltd"));
			whmcs.putService(WhmcsService.of(id, 21)
				.withServerId(2)
				.withStatus("Suspended")
				.withCustomField(WhmcsProduct.SLUG_FIELD_ID, slug));
			send(Events.suspend(id, Instant.now().truncatedTo(ChronoUnit.MILLIS)));
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(serviceRow(id)).containsEntry("desired_status", "suspended"));

			JsonNode fixed = AdminCalls.json(AdminCalls.post(base + "/admin/reconcile?fix=true", this.token));

			assertThat(AdminCalls.drifts(fixed)).contains("untracked_service " + id + " adopt");
			Map<String, Object> row = awaitSettled(id, ServiceStatus.SUSPENDED);
			assertThat(row).containsEntry("server_id", 2L)
				.containsEntry("url", "https://" + slug + ".archive.second.test");
			assertThat(archive.tenants(secondKey)).singleElement()
				.satisfies((tenant) -> assertThat(tenant.status()).isEqualTo(TenantStatus.SUSPENDED));
			assertThat(createRequests()).isZero();
		}
		finally {
			archive.removeApiKey(secondKey);
		}
	}

	// ---- the installation
	// ----------------------------------------------------------------------------------------

	/**
	 * An installation of the inline module: 1,000 WHMCS services whose Archive slug
	 * fields name tenants under our key (most active in both, some suspended in WHMCS
	 * only, some with a suspend or unsuspend already sent to the worker), and the
	 * ambiguous cases: two services naming one tenant, a tenant the bridge already owns
	 * for another service or has reserved for another's create, an empty slug field whose
	 * username names a tenant, and a slug field naming no tenant at all.
	 */
	private Installation seedInstallation() {
		Installation seeded = new Installation();
		List<TenantSeed> tenants = new ArrayList<>();
		List<WhmcsService> services = new ArrayList<>();
		Instant created = Instant.parse("2021-03-04T05:06:07Z");
		int n = 0;
		// adoptable: 845 active, 40 suspended in WHMCS only, 40 with a suspend and 20
		// with
		// an unsuspend recorded
		for (int i = 0; i < 945; i++) {
			long id = TestNames.serviceId();
			String slug = slug(n++);
			boolean suspendedTenant = i >= 925;
			tenants.add(TenantSeed.of(slug, "Customer " + i)
				.withStatus(suspendedTenant ? TenantStatus.SUSPENDED : TenantStatus.ACTIVE)
				.withCreatedAt(created));
			boolean suspendedInWhmcs = i >= 845 && i < 925;
			services.add(service(id, slug).withStatus(suspendedInWhmcs ? "Suspended" : "Active"));
			seeded.slugs.put(id, slug);
			if (i >= 845 && i < 885) {
				seeded.suspendedWithoutEvents.add(id);
			}
			else if (i >= 885 && i < 925) {
				seeded.pendingSuspends.add(id);
			}
			else if (suspendedTenant) {
				seeded.pendingUnsuspends.add(id);
			}
		}
		// two services naming one tenant, ten times; one of each pair's suspend waits
		for (int i = 0; i < 10; i++) {
			String slug = slug(n++);
			tenants.add(TenantSeed.of(slug, "Shared " + i));
			long first = TestNames.serviceId();
			long second = TestNames.serviceId();
			services.add(service(first, slug).withStatus("Suspended"));
			services.add(service(second, slug));
			seeded.ambiguous.put(first, "slug_named_twice");
			seeded.ambiguous.put(second, "slug_named_twice");
			seeded.ambiguousSlugs.add(slug);
			seeded.ambiguousSuspends.add(first);
		}
		// an empty slug field, the username naming a tenant (WHMCS fills it from the
		// domain)
		for (int i = 0; i < 10; i++) {
			String slug = slug(n++);
			tenants.add(TenantSeed.of(slug, "Username " + i));
			long id = TestNames.serviceId();
			services.add(WhmcsService.of(id, 1000 + i).withUsername(slug).withDomain(slug + ".example"));
			seeded.ambiguous.put(id, "slug_field_empty");
			seeded.ambiguousSlugs.add(slug);
			if (i % 2 == 0) {
				seeded.ambiguousSuspends.add(id);
			}
		}
		// a slug field naming a tenant the archive does not have
		for (int i = 0; i < 10; i++) {
			long id = TestNames.serviceId();
			services.add(service(id, slug(n++) + "-gone"));
			seeded.ghosts.add(id);
		}
		// a tenant reserved in the ledger for another service's create in progress
		String reserved = slug(n++);
		tenants.add(TenantSeed.of(reserved, "Reserved"));
		seeded.reserving = TestNames.serviceId();
		seeded.reservedSlug = reserved;
		seedReservation(seeded.reserving, reserved);
		for (int i = 0; i < 5; i++) {
			long id = TestNames.serviceId();
			services.add(service(id, reserved));
			seeded.ambiguous.put(id, "slug_owned_by_another");
		}
		seeded.ambiguousSlugs.add(reserved);
		archive.seedTenants(KEY, tenants);
		services.forEach(whmcs::putService);

		// five services the bridge created itself, each with a second service naming its
		// tenant
		for (int i = 0; i < 5; i++) {
			long owner = TestNames.serviceId();
			whmcs.putService(WhmcsService.of(owner, 2000 + i));
			send(Events.create(owner, Instant.now().minusSeconds(3600), "Bridge Customer " + i));
			String slug = (String) awaitSettled(owner, ServiceStatus.ACTIVE).get("slug");
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(whmcs.customField(owner, WhmcsProduct.SLUG_FIELD_ID)).hasValue(slug));
			long other = TestNames.serviceId();
			whmcs.putService(service(other, slug));
			seeded.ambiguous.put(other, "slug_owned_by_another");
			seeded.ambiguousSlugs.add(slug);
		}

		// suspends and unsuspends WHMCS sent before the import: they wait for a create
		Instant sentAt = Instant.now().minusSeconds(600);
		seeded.pendingSuspends.forEach((id) -> send(Events.suspend(id, sentAt)));
		seeded.ambiguousSuspends.forEach((id) -> send(Events.suspend(id, sentAt)));
		seeded.pendingUnsuspends.forEach((id) -> send(Events.unsuspend(id, sentAt)));
		List<Long> waiting = new ArrayList<>(seeded.pendingSuspends);
		waiting.addAll(seeded.ambiguousSuspends);
		waiting.addAll(seeded.pendingUnsuspends);
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(this.ledgerDb.queryForObject(
					"select count(*) from service where service_id = any(?) and desired_status is not null", Long.class,
					(Object) waiting.toArray(Long[]::new)))
				.isEqualTo(waiting.size()));
		return seeded;
	}

	private String slug(int n) {
		return this.prefix + "-" + n;
	}

	private static WhmcsService service(long id, String slug) {
		return WhmcsService.of(id, id % 1000 + 1).withCustomField(WhmcsProduct.SLUG_FIELD_ID, slug);
	}

	/**
	 * A service whose create is under way with the slug reserved; its next attempt is far
	 * off, so that the applier leaves it as it is during the test.
	 */
	private void seedReservation(long serviceId, String slug) {
		this.ledgerDb.update("insert into service (service_id, desired_status, desired_type, desired_occurred_at,"
				+ " desired_event_id, create_occurred_at, create_event_id, slug_candidate, create_outcome_unknown,"
				+ " candidate_sent_at, status, next_attempt_at) values (?, 'active', 'service.create', now(), ?,"
				+ " now(), ?, ?, true, now(), 'pending', now() + interval '1 day')", serviceId, UUID.randomUUID(),
				UUID.randomUUID(), slug);
	}

	private Map<String, Object> ledgerCounts() {
		return Map.of("services", this.ledgerDb.queryForObject("select count(*) from service", Long.class), "owned",
				this.ledgerDb.queryForObject("select count(*) from service where owner_evidence is not null",
						Long.class),
				"events", this.ledgerDb.queryForObject("select count(*) from lifecycle_event", Long.class));
	}

	private Map<Long, Map<String, Object>> rows(Set<Long> ids) {
		return this.ledgerDb
			.queryForList("select service_id, slug, slug_candidate, url, owner_evidence, owner_detail, owned_at,"
					+ " whmcs_synced, applied_status, applied_event_id, status from service where service_id = any(?)",
					(Object) ids.toArray(Long[]::new))
			.stream()
			.collect(Collectors.toMap((row) -> ((Number) row.get("service_id")).longValue(), (row) -> row));
	}

	private Map<String, Object> web(Map<String, Object> more) {
		Map<String, Object> properties = new HashMap<>(more);
		properties.put("spring.main.web-application-type", "servlet");
		properties.put("server.port", 0);
		properties.put("ema.admin.token", this.token);
		properties.put("ema.dead-letters.memory-topic", TestNames.topic("replayed"));
		return properties;
	}

	@Override
	protected Map<String, Object> workerProperties() {
		Map<String, Object> properties = super.workerProperties();
		properties.put("ema.reconcile.schedule", "-");
		return properties;
	}

	/** What the installation holds, by WHMCS service id. */
	private static final class Installation {

		private final Map<Long, String> slugs = new HashMap<>();

		private final List<Long> suspendedWithoutEvents = new ArrayList<>();

		private final List<Long> pendingSuspends = new ArrayList<>();

		private final List<Long> pendingUnsuspends = new ArrayList<>();

		private final Map<Long, String> ambiguous = new HashMap<>();

		private final List<String> ambiguousSlugs = new ArrayList<>();

		private final List<Long> ambiguousSuspends = new ArrayList<>();

		private final List<Long> ghosts = new ArrayList<>();

		private long reserving;

		private String reservedSlug;

		Set<Long> adoptable() {
			return this.slugs.keySet();
		}

		String slug(long id) {
			return this.slugs.get(id);
		}

		List<Long> suspendedWithoutEvents() {
			return this.suspendedWithoutEvents;
		}

		List<Long> pendingSuspends() {
			return this.pendingSuspends;
		}

		List<Long> pendingUnsuspends() {
			return this.pendingUnsuspends;
		}

		Map<Long, String> ambiguous() {
			return this.ambiguous;
		}

		List<String> ambiguousSlugs() {
			return this.ambiguousSlugs;
		}

		List<Long> ghosts() {
			return this.ghosts;
		}

		long reserving() {
			return this.reserving;
		}

		String reservedSlug() {
			return this.reservedSlug;
		}

	}

}
