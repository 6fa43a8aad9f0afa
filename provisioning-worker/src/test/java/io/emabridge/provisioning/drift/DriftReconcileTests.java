package io.emabridge.provisioning.drift;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import io.emabridge.model.lifecycle.EventVersion;
import io.emabridge.model.lifecycle.LifecycleEventJson;
import io.emabridge.model.lifecycle.ServiceCreated;
import io.emabridge.model.topic.CloudEventHeaders;
import io.emabridge.provisioning.WorkerIntegrationTests;
import io.emabridge.provisioning.ledger.ServiceStatus;
import io.emabridge.provisioning.support.Events;
import io.emabridge.sandbox.Faults;
import io.emabridge.sandbox.RecordedRequest;
import io.emabridge.sandbox.archive.ArchiveSandboxOptions;
import io.emabridge.sandbox.archive.TenantSeed;
import io.emabridge.sandbox.whmcs.WhmcsActivity;
import io.emabridge.sandbox.whmcs.WhmcsProduct;
import io.emabridge.sandbox.whmcs.WhmcsSandbox;
import io.emabridge.sandbox.whmcs.WhmcsSandboxOptions;
import io.emabridge.sandbox.whmcs.WhmcsService;
import io.emabridge.testsupport.Promtool;
import io.emabridge.testsupport.SharedKafka;
import io.emabridge.testsupport.TestNames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The drift reconciler on a running worker: seeded mismatches of each kind between the
 * WHMCS sandbox, the ledger and the archive sandbox, reported through
 * {@code /admin/reconcile} and fixed through the normal path.
 */
class DriftReconcileTests extends WorkerIntegrationTests {

	private static final String KEY = ArchiveSandboxOptions.DEFAULT_API_KEY;

	private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(1, ChronoUnit.HOURS);

	private final String token = "admin-" + TestNames.shortId();

	@BeforeEach
	void emptySandboxes() {
		// the reconciler compares everything it can see: each test starts from nothing
		// but its own seed
		archive.clearTenants();
		whmcs.services().forEach((service) -> whmcs.removeService(service.id()));
		whmcs.clearRequests();
		whmcs.clearFaults();
	}

	private Seeded seedOneOfEachKind() {
		// WHMCS suspended the service without the module (an admin changed the status
		// field): no event reached us
		long a = settledService("Status Drift");
		whmcs.putService(whmcs.service(a).orElseThrow().withStatus("Suspended"));
		// someone typed over the slug field in WHMCS
		long b = settledService("Slug Drift");
		whmcs.putService(whmcs.service(b).orElseThrow().withCustomField(WhmcsProduct.SLUG_FIELD_ID, "typed-over"));
		// an Active service whose Create never reached the gateway
		long c = TestNames.serviceId();
		whmcs.putService(WhmcsService.of(c, 7));
		// a ledger that has the create event but never a tenant (restored from a backup
		// taken in between)
		long e = TestNames.serviceId();
		whmcs.putService(WhmcsService.of(e, 8));
		seedCreateOnly(Events.create(e, this.t0, "Stored Create"));
		// a tenant made by hand in the archive's panel under our key
		String stray = "stray-" + TestNames.shortId();
		archive.seedTenant(KEY, TenantSeed.of(stray, "Stray"));
		// a service deleted in WHMCS without Terminate: its tenant stays active
		long f = settledService("Deleted");
		whmcs.removeService(f);
		return new Seeded(a, slugOf(a), b, slugOf(b), c, e, stray, f);
	}

	@Test
	void findsEachKindOnceAndChangesNothingWithoutFix() throws Exception {
		String base = AdminCalls.baseUrl(startWorker(web(Map.of())));
		Seeded seeded = seedOneOfEachKind();
		Map<String, Object> ledgerBefore = ledgerSnapshot(seeded);
		long recordsBefore = lifecycleRecords();
		archive.clearRequests();
		whmcs.clearRequests();

		JsonNode report = AdminCalls.json(AdminCalls.post(base + "/admin/reconcile?fix=false", this.token));

		assertThat(report.get("outcome").asString()).isEqualTo("drift");
		assertThat(report.get("fix").asBoolean()).isFalse();
		assertThat(report.get("services").asInt()).isEqualTo(4);
		assertThat(report.get("counts").toString()).isEqualTo("{\"tenant_without_service\":1,"
				+ "\"service_without_tenant\":2,\"status_mismatch\":1,\"slug_mismatch\":1,\"service_missing_in_whmcs\":1,"
				+ "\"dead_lettered\":0,\"untracked_service\":0,\"ownership_ambiguous\":0,\"waiting_for_create\":0}");
		assertThat(AdminCalls.drifts(report)).containsExactlyInAnyOrder(
				"status_mismatch " + seeded.statusMismatch() + " publish_status",
				"slug_mismatch " + seeded.slugMismatch() + " rearm_write_back",
				"service_without_tenant " + seeded.noEvent() + " module_create",
				"service_without_tenant " + seeded.storedCreate() + " republish_create",
				"service_missing_in_whmcs " + seeded.deleted() + " none", "tenant_without_service - none");
		assertThat(report.get("drifts").toString()).contains(seeded.stray());
		assertThat(report.get("fixes").size()).isZero();

		// a run without fix changes nothing: reads only, no record, no ledger write
		assertThat(archive.requests()).extracting(RecordedRequest::method).containsOnly("GET");
		assertThat(whmcs.requests()).extracting(RecordedRequest::action).containsOnly("GetClientsProducts");
		assertThat(lifecycleRecords()).isEqualTo(recordsBefore);
		assertThat(ledgerSnapshot(seeded)).isEqualTo(ledgerBefore);
		assertThat(whmcs.service(seeded.statusMismatch()).orElseThrow().status()).isEqualTo("Suspended");
		assertThat(tenant(seeded.statusSlug()).orElseThrow().status().name()).isEqualTo("ACTIVE");

		JsonNode last = AdminCalls.json(AdminCalls.get(base + "/admin/reconcile", this.token));
		assertThat(last.get("startedAt")).isEqualTo(report.get("startedAt"));
		String metrics = AdminCalls.get(base + "/actuator/prometheus", null).body();
		assertThat(metrics).contains("# HELP ema_drift_services ")
			.containsPattern("ema_drift_services\\{[^}]*kind=\"service_without_tenant\"[^}]*\\} 2\\.0")
			.containsPattern("ema_drift_services\\{[^}]*kind=\"dead_lettered\"[^}]*\\} 0\\.0")
			.containsPattern("ema_reconcile_runs_total\\{[^}]*outcome=\"drift\"[^}]*\\} 1\\.0")
			.containsPattern(
					"ema_reconcile_fixes_total\\{[^}]*kind=\"status_mismatch\"[^}]*outcome=\"applied\"[^}]*\\} 0\\.0")
			.containsPattern("ema_reconcile_last_success_timestamp_seconds(\\{[^}]*\\})? [1-9]");
		// where promtool is installed (always in CI), the scrape with the reconciler's
		// meters passes its lint
		if (Promtool.isInstalledOrRequired()) {
			Promtool.Result lint = Promtool.checkOurMetrics(metrics);
			assertThat(lint.passed()).as(lint.output()).isTrue();
		}
	}

	@Test
	void fixCorrectsWhatItMayThroughTheNormalPathAndDeletesNothing() throws Exception {
		String base = AdminCalls.baseUrl(startWorker(web(Map.of())));
		Seeded seeded = seedOneOfEachKind();
		archive.clearRequests();
		whmcs.clearRequests();

		JsonNode report = AdminCalls.json(AdminCalls.post(base + "/admin/reconcile?fix=true", this.token));

		assertThat(report.get("fix").asBoolean()).isTrue();
		assertThat(report.get("counts").get("tenant_without_service").asInt()).isEqualTo(1);
		List<String> fixes = new ArrayList<>();
		report.get("fixes")
			.forEach((fix) -> fixes.add(fix.get("serviceId").asString() + " " + fix.get("remedy").asString() + " "
					+ fix.get("result").asString()));
		assertThat(fixes).containsExactlyInAnyOrder(seeded.statusMismatch() + " publish_status applied",
				seeded.slugMismatch() + " rearm_write_back applied", seeded.noEvent() + " module_create applied",
				seeded.storedCreate() + " republish_create applied");

		// the suspend reaches the tenant through the lifecycle topic, the ledger and the
		// applier
		await().atMost(WAIT)
			.untilAsserted(
					() -> assertThat(tenant(seeded.statusSlug()).orElseThrow().status().name()).isEqualTo("SUSPENDED"));
		awaitSettled(seeded.statusMismatch(), ServiceStatus.SUSPENDED);
		// the archive's slug wins: the applier writes it into WHMCS again
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(whmcs.customField(seeded.slugMismatch(), WhmcsProduct.SLUG_FIELD_ID))
				.hasValue(seeded.slug()));
		// the stored create, published again, makes the tenant
		Map<String, Object> created = awaitSettled(seeded.storedCreate(), ServiceStatus.ACTIVE);
		assertThat(tenant((String) created.get("slug"))).isPresent();
		// WHMCS was asked to run the module's Create; the module then publishes the
		// create, as the gateway would
		assertThat(whmcs.requests()).filteredOn((r) -> "ModuleCreate".equals(r.action())).hasSize(1);
		send(Events.create(seeded.noEvent(), Instant.now(), "Module Create"));
		awaitSettled(seeded.noEvent(), ServiceStatus.ACTIVE);

		// the corrective records look like the gateway's, marked as the reconciler's
		List<ConsumerRecord<String, byte[]>> corrective = records(this.lifecycleTopic, 1).stream()
			.filter((r) -> CorrectionPublisher.ORIGIN_RECONCILER.equals(header(r, CorrectionPublisher.ORIGIN)))
			.toList();
		assertThat(corrective).extracting(ConsumerRecord::key)
			.containsExactlyInAnyOrder(Long.toString(seeded.statusMismatch()), Long.toString(seeded.storedCreate()));
		for (ConsumerRecord<String, byte[]> record : corrective) {
			assertThat(LifecycleEventJson.validate(record.value())).isEmpty();
			assertThat(header(record, CloudEventHeaders.SOURCE)).isEqualTo(CorrectionPublisher.SOURCE);
			assertThat(header(record, CloudEventHeaders.ID))
				.isEqualTo(LifecycleEventJson.read(record.value()).eventId().toString());
			assertThat(header(record, CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
		}

		// converged: only what is never fixed is left, reported and untouched; nothing
		// was ever deleted
		JsonNode after = AdminCalls.json(AdminCalls.post(base + "/admin/reconcile?fix=true", this.token));
		assertThat(AdminCalls.drifts(after)).containsExactly("service_missing_in_whmcs " + seeded.deleted() + " none",
				"tenant_without_service - none");
		assertThat(tenant((String) serviceRow(seeded.deleted()).get("slug")).orElseThrow().status().name())
			.isEqualTo("ACTIVE");
		assertThat(after.get("fixes").size()).isZero();
		assertThat(tenant(seeded.stray())).isPresent();
		assertThat(archive.requests()).extracting(RecordedRequest::method).doesNotContain("DELETE");
		assertThat(AdminCalls.get(base + "/actuator/prometheus", null).body())
			.containsPattern(
					"ema_reconcile_fixes_total\\{[^}]*kind=\"status_mismatch\"[^}]*outcome=\"applied\"[^}]*\\} 1\\.0")
			.containsPattern("ema_drift_services\\{[^}]*kind=\"status_mismatch\"[^}]*\\} 0\\.0");
	}

	@Test
	void servicesBeingProvisionedAreInProgressNotDrift() throws Exception {
		// slow enough that the creates are still under way while the run reads the ledger
		archive.faults(Faults.none().withLatencyMs(2000));
		String base = AdminCalls.baseUrl(startWorker(web(Map.of("ema.archive.timeout", "10s"))));
		List<Long> ids = List.of(TestNames.serviceId(), TestNames.serviceId(), TestNames.serviceId());
		for (long id : ids) {
			whmcs.putService(WhmcsService.of(id, 9));
			send(Events.create(id, Instant.now(), "Busy " + id));
		}
		await().atMost(WAIT).untilAsserted(() -> ids.forEach((id) -> assertThat(serviceRow(id)).isNotEmpty()));

		JsonNode report = AdminCalls.json(AdminCalls.post(base + "/admin/reconcile?fix=true", this.token));

		assertThat(report.get("drifts").size()).as(report.toString()).isZero();
		assertThat(report.get("fixes").size()).isZero();
		List<Long> inProgress = new ArrayList<>();
		report.get("inProgress").forEach((id) -> inProgress.add(id.asLong()));
		assertThat(inProgress).containsExactlyInAnyOrderElementsOf(ids);

		archive.clearFaults();
		ids.forEach((id) -> awaitSettled(id, ServiceStatus.ACTIVE));
		JsonNode settled = AdminCalls.json(AdminCalls.post(base + "/admin/reconcile", this.token));
		assertThat(settled.get("outcome").asString()).as(settled.toString()).isEqualTo("clean");
		assertThat(settled.get("inProgress").size()).isZero();
	}

	@Test
	void aDeadLetteredServiceIsReportedAsSuch() throws Exception {
		String revoked = "revoked-" + TestNames.shortId();
		String base = AdminCalls.baseUrl(startWorker(web(deadLetteringKey(revoked))));
		long id = TestNames.serviceId();
		whmcs.putService(WhmcsService.of(id, 3));
		send(Events.create(id, Instant.now(), "Revoked"));
		await().atMost(WAIT).untilAsserted(() -> assertThat(serviceRow(id)).containsEntry("status", "failed"));
		// the archive refuses this worker's key for the listing too: the run fails and
		// says why
		HttpResponse<String> refused = AdminCalls.post(base + "/admin/reconcile", this.token);
		assertThat(refused.statusCode()).isEqualTo(503);
		assertThat(AdminCalls.JSON.readTree(refused.body()).get("error").asString()).contains("401");

		archive.addApiKey(revoked);
		JsonNode report = AdminCalls.json(AdminCalls.post(base + "/admin/reconcile?fix=true", this.token));
		assertThat(AdminCalls.drifts(report)).containsExactly("dead_lettered " + id + " none");
		assertThat(report.get("drifts").get(0).get("detail").asString()).contains("archive_unauthorized");
		assertThat(serviceRow(id)).containsEntry("status", "failed");
	}

	@Test
	void withoutATokenTheEndpointsDoNotExist() throws Exception {
		Map<String, Object> properties = web(Map.of());
		properties.put("ema.admin.token", "");
		String base = AdminCalls.baseUrl(startWorker(properties));

		assertThat(AdminCalls.post(base + "/admin/reconcile", null).statusCode()).isEqualTo(404);
		assertThat(AdminCalls.get(base + "/admin/reconcile", null).statusCode()).isEqualTo(404);
		assertThat(AdminCalls.postJson(base + "/admin/services/1/adopt", null, "{\"slug\":\"acme\",\"reason\":\"x\"}")
			.statusCode()).isEqualTo(404);
	}

	@Test
	void endpointsRequireTheAdminToken() throws Exception {
		String base = AdminCalls.baseUrl(startWorker(web(Map.of())));

		assertThat(AdminCalls.post(base + "/admin/reconcile", null).statusCode()).isEqualTo(401);
		assertThat(AdminCalls.post(base + "/admin/reconcile?fix=true", "not-" + this.token).statusCode())
			.isEqualTo(401);
		assertThat(AdminCalls.get(base + "/admin/reconcile", null).statusCode()).isEqualTo(401);
		HttpResponse<String> none = AdminCalls.get(base + "/admin/reconcile", this.token);
		assertThat(none.statusCode()).isEqualTo(404);
		assertThat(none.body()).contains("No reconciliation has run");
		assertThat(AdminCalls.post(base + "/admin/reconcile?fix=maybe", this.token).statusCode()).isEqualTo(400);
	}

	@Test
	void oneRunAtATimeAcrossInstances() throws Exception {
		String base = AdminCalls.baseUrl(startWorker(web(Map.of())));
		// another instance's run holds the lock
		try (Connection other = DriverManager.getConnection(this.database.jdbcUrl(), this.database.username(),
				this.database.password());
				PreparedStatement lock = other.prepareStatement("select pg_advisory_lock(?)")) {
			lock.setLong(1, DriftConfiguration.LOCK_KEY);
			lock.execute();

			HttpResponse<String> busy = AdminCalls.post(base + "/admin/reconcile?fix=true", this.token);
			assertThat(busy.statusCode()).isEqualTo(409);
			assertThat(busy.body()).contains("already running");
		}
		assertThat(AdminCalls.json(AdminCalls.post(base + "/admin/reconcile", this.token)).get("outcome").asString())
			.isEqualTo("clean");
		assertThat(AdminCalls.get(base + "/actuator/prometheus", null).body())
			.containsPattern("ema_reconcile_runs_total\\{[^}]*outcome=\"skipped\"[^}]*\\} 1\\.0")
			.containsPattern("ema_reconcile_runs_total\\{[^}]*outcome=\"clean\"[^}]*\\} 1\\.0");
	}

	@Test
	void runsOnItsScheduleAndReadsEveryPage() {
		archive.generateTenants(KEY, ArchiveSandboxOptions.DEFAULT_PER_PAGE * 2 + 3, "bulk");
		for (int i = 0; i < 5; i++) {
			whmcs.putService(WhmcsService.of(TestNames.serviceId(), 4).withStatus("Pending"));
		}
		ConfigurableApplicationContext worker = startWorker(Map.of("ema.reconcile.schedule", "*/1 * * * * *",
				"ema.reconcile.page-size", 2, "ema.reconcile.product-ids", "1"));
		DriftReconciler reconciler = worker.getBean(DriftReconciler.class);

		await().atMost(WAIT).untilAsserted(() -> assertThat(reconciler.last()).hasValueSatisfying((report) -> {
			assertThat(report.fix()).isFalse();
			assertThat(report.services()).isEqualTo(5);
			assertThat(report.tenants()).isEqualTo(ArchiveSandboxOptions.DEFAULT_PER_PAGE * 2 + 3);
			assertThat(report.count(DriftKind.TENANT_WITHOUT_SERVICE)).isEqualTo(report.tenants());
		}));
		// five services two by two: three pages
		assertThat(whmcs.requests()).filteredOn((r) -> "GetClientsProducts".equals(r.action()))
			.hasSizeGreaterThanOrEqualTo(3);
	}

	@Test
	void badSettingsStopStartUpWithTheirName() {
		assertThatThrownBy(() -> startWorker(Map.of("ema.reconcile.schedule", "hourly")))
			.hasStackTraceContaining("ema.reconcile.schedule 'hourly' is not a cron expression");
		assertThatThrownBy(() -> startWorker(Map.of("ema.reconcile.product-ids", "1,0")))
			.hasStackTraceContaining("ema.reconcile")
			.hasStackTraceContaining("productIds[1]");
	}

	// ---- the reconcile command, against this worker
	// ----------------------------------------------------------

	@Test
	void theCommandPrintsTheReportAndSaysByItsExitCodeWhetherThereIsDrift() throws Exception {
		String base = AdminCalls.baseUrl(startWorker(web(Map.of())));
		String stray = "stray-" + TestNames.shortId();
		archive.seedTenant(KEY, TenantSeed.of(stray, "Stray"));

		Cli.Run noToken = Cli.run(Map.of(), "--url", base);
		assertThat(noToken.code()).isEqualTo(2);
		assertThat(noToken.err()).contains("EMA_ADMIN_TOKEN");
		assertThat(Cli.run(Map.of(), "--url", base, "--token", "wrong").err()).contains("refused the admin token");
		assertThat(Cli.run(Map.of(ReconcileCommand.TOKEN_VARIABLE, this.token), "--url", base, "--last").code())
			.as("no run yet")
			.isEqualTo(2);

		Cli.Run drift = Cli.run(Map.of(ReconcileCommand.TOKEN_VARIABLE, this.token), "--url", base + "/");
		assertThat(drift.code()).as(drift.err()).isEqualTo(1);
		assertThat(drift.out()).contains("KIND", "tenant_without_service", stray, "Drift: tenant_without_service 1")
			.doesNotContain("--fix");
		assertThat(drift.err()).as("the steps, as the worker reaches them")
			.containsSubsequence("reconcile: reading WHMCS (", "reconcile: reading the ledger (",
					"WHMCS services read)", "reconcile: reading the archive (", "ledger services read)",
					"reconcile: comparing (", "archive tenants read)", "reconcile: done in ")
			.doesNotContain("fixing");

		Cli.Run json = Cli.run(Map.of(), "--url", base, "--token", this.token, "--json", "--last");
		assertThat(json.code()).isEqualTo(1);
		assertThat(AdminCalls.JSON.readTree(json.out()).get("drifts").get(0).get("slug").asString()).isEqualTo(stray);

		archive.clearTenants();
		Cli.Run clean = Cli.run(Map.of(), "--url", base, "--token", this.token, "--fix");
		assertThat(clean.code()).as(clean.err()).isEqualTo(0);
		assertThat(clean.out()).contains("(fix)", ": clean");
		assertThat(clean.err()).contains("reconcile: fixing (", "differences found)");

		assertThat(Cli.run(Map.of(), "--url", "http://127.0.0.1:1", "--token", "x").err()).contains("could not reach");
		assertThat(Cli.run(Map.of(), "--nonsense").code()).isEqualTo(2);
		assertThat(Cli.run(Map.of(), "--token", "x", "--last", "--fix").err()).contains("leave out --fix");
	}

	@Test
	void theWorkerJarRunsTheCommandWithoutStartingAWorker() throws Exception {
		String base = AdminCalls.baseUrl(startWorker(web(Map.of())));
		archive.seedTenant(KEY, TenantSeed.of("stray-" + TestNames.shortId(), "Stray"));
		String java = ProcessHandle.current().info().command().orElse("java");
		Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
				io.emabridge.provisioning.ProvisioningWorkerApplication.class.getName(), "reconcile", "--url", base,
				"--token", this.token)
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes());
		await().atMost(WAIT).until(() -> !process.isAlive());

		assertThat(process.exitValue()).as(output).isEqualTo(1);
		assertThat(output).contains("tenant_without_service").doesNotContain("Spring");
	}

	@Test
	void aModuleCreateThatFailsAtTheModuleIsReportedAsNotDone() throws Exception {
		// a WHMCS whose module publishes through a gateway that is down: ModuleCreate
		// answers the module's error, as WHMCS does
		String gateway = "http://127.0.0.1:" + unusedPort();
		try (WhmcsSandbox down = WhmcsSandbox
			.start(WhmcsSandboxOptions.defaults().withModuleGateway(gateway, "module-secret"))) {
			long id = TestNames.serviceId();
			// Active in WHMCS, but no create event ever reached the worker
			down.putService(WhmcsService.of(id, 7));
			String base = AdminCalls.baseUrl(startWorker(web(Map.of("ema.whmcs.url", down.baseUrl()))));

			JsonNode report = AdminCalls.json(AdminCalls.post(base + "/admin/reconcile?fix=true", this.token));

			assertThat(AdminCalls.drifts(report)).containsExactly("service_without_tenant " + id + " module_create");
			assertThat(report.get("fixes").size()).isOne();
			JsonNode fix = report.get("fixes").get(0);
			assertThat(fix.get("serviceId").asString()).isEqualTo(Long.toString(id));
			assertThat(fix.get("remedy").asString()).isEqualTo("module_create");
			assertThat(fix.get("result").asString()).isEqualTo("failed");
			assertThat(fix.get("detail").asString()).contains("Event gateway unreachable at " + gateway);
			// the module published nothing: WHMCS logged the failure, and the ledger has
			// nothing of the service
			assertThat(down.requests()).filteredOn((r) -> "ModuleCreate".equals(r.action())).hasSize(1);
			assertThat(down.activityLog()).extracting(WhmcsActivity::description)
				.anySatisfy((line) -> assertThat(line)
					.startsWith("Module Create Failed - Service ID: " + id + " - Error: Event gateway unreachable"));
			assertThat(serviceRow(id)).isEmpty();
			String metrics = AdminCalls.get(base + "/actuator/prometheus", null).body();
			assertThat(metrics).containsPattern(
					"ema_reconcile_fixes_total\\{[^}]*kind=\"service_without_tenant\"[^}]*outcome=\"failed\"[^}]*\\} 1\\.0");
		}
	}

	// ---- helpers
	// ---------------------------------------------------------------------------------------------

	/** A port nothing listens on: bound for a moment, then released. */
	private static int unusedPort() throws java.io.IOException {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1,
				java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private long settledService(String company) {
		long id = TestNames.serviceId();
		whmcs.putService(WhmcsService.of(id, 5));
		send(Events.create(id, this.t0, company));
		awaitSettled(id, ServiceStatus.ACTIVE);
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(whmcs.customField(id, WhmcsProduct.SLUG_FIELD_ID)).hasValue(slugOf(id)));
		return id;
	}

	private String slugOf(long id) {
		return (String) serviceRow(id).get("slug");
	}

	/**
	 * A ledger row with a recorded create event and nothing done about it, as no running
	 * worker would leave it.
	 */
	private void seedCreateOnly(ServiceCreated create) {
		Timestamp at = Timestamp.from(create.occurredAt());
		this.ledgerDb.update(
				"insert into lifecycle_event (event_id, service_id, type, occurred_at, version_key,"
						+ " payload, source_topic, source_partition, source_offset, source_timestamp, state)"
						+ " values (?, ?, ?, ?, ?, ?, 'restored', 0, 0, 0, 'applied')",
				create.eventId(), create.serviceId(), create.type().wireName(), at, versionKey(create.version()),
				LifecycleEventJson.write(create));
		this.ledgerDb.update(
				"insert into service (service_id, desired_status, desired_type, desired_occurred_at,"
						+ " desired_event_id, create_occurred_at, create_event_id, status, whmcs_synced)"
						+ " values (?, 'active', ?, ?, ?, ?, ?, 'idle', true)",
				create.serviceId(), create.type().wireName(), at, create.eventId(), at, create.eventId());
	}

	/** The ledger's sortable version text (see the ledger's VersionKey). */
	private static String versionKey(EventVersion version) {
		java.util.HexFormat hex = java.util.HexFormat.of();
		long micros = ChronoUnit.MICROS.between(Instant.EPOCH, version.occurredAt());
		return hex.toHexDigits(micros ^ Long.MIN_VALUE)
				+ hex.toHexDigits(version.eventId().getMostSignificantBits() ^ Long.MIN_VALUE)
				+ hex.toHexDigits(version.eventId().getLeastSignificantBits() ^ Long.MIN_VALUE);
	}

	private Map<String, Object> ledgerSnapshot(Seeded seeded) {
		Map<String, Object> snapshot = new HashMap<>();
		for (long id : new long[] { seeded.statusMismatch(), seeded.slugMismatch(), seeded.storedCreate() }) {
			snapshot.put(Long.toString(id), serviceRow(id));
		}
		snapshot.put("events", this.ledgerDb.queryForObject("select count(*) from lifecycle_event", Long.class));
		snapshot.put("services", this.ledgerDb.queryForObject("select count(*) from service", Long.class));
		return snapshot;
	}

	/**
	 * Records on the lifecycle topic so far (acknowledged records only: a fix waits for
	 * its acknowledgement).
	 */
	private long lifecycleRecords() {
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
				ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
				ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
			List<TopicPartition> partitions = consumer.partitionsFor(this.lifecycleTopic)
				.stream()
				.map((p) -> new TopicPartition(this.lifecycleTopic, p.partition()))
				.toList();
			return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
		}
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

	/** The mismatches, one of each kind, made the way they happen. */
	private record Seeded(long statusMismatch, String statusSlug, long slugMismatch, String slug, long noEvent,
			long storedCreate, String stray, long deleted) {
	}

}
