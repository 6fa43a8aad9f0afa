package io.emabridge.usage;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import io.emabridge.sandbox.Faults;
import io.emabridge.sandbox.archive.ArchiveSandbox;
import io.emabridge.sandbox.archive.ArchiveTenant;
import io.emabridge.sandbox.whmcs.WhmcsProduct;
import io.emabridge.testsupport.JvmProcess;
import io.emabridge.usage.support.UsageWorkerTests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One collector at a time, a collector that dies mid-run leaves nothing the next run
 * trips over, and a collector that lost its lock records nothing more.
 */
class CollectorElectionTests extends UsageWorkerTests {

	@Test
	void twoInstancesNeverCollectAtOnce() {
		seedTenants("pair", 150); // three pages
		ConfigurableApplicationContext first = startWorker();
		ConfigurableApplicationContext second = startWorker();
		archive.faults(Faults.none().withLatencyMs(150));
		archive.clearRequests();

		for (int round = 0; round < 3; round++) {
			CompletableFuture<HttpResponse<String>> a = CompletableFuture
				.supplyAsync(() -> post(first, "/admin/usage/collect", ADMIN_TOKEN));
			CompletableFuture<HttpResponse<String>> b = CompletableFuture
				.supplyAsync(() -> post(second, "/admin/usage/collect", ADMIN_TOKEN));
			List<Integer> statuses = List.of(a.join().statusCode(), b.join().statusCode());
			assertThat(statuses).containsExactlyInAnyOrder(202, 409);
			await().atMost(WAIT)
				.until(() -> this.db.queryForObject("select count(*) from collection_run where status = 'running'",
						Integer.class) == 0);
		}

		List<Map<String, Object>> runs = this.db
			.queryForList("select status, started_at, finished_at from collection_run order by id");
		assertThat(runs).hasSize(3).allSatisfy((run) -> assertThat(run).containsEntry("status", "succeeded"));
		for (int i = 1; i < runs.size(); i++) {
			Timestamp previousEnd = (Timestamp) runs.get(i - 1).get("finished_at");
			assertThat((Timestamp) runs.get(i).get("started_at")).isAfterOrEqualTo(previousEnd);
		}
		// every page read once per run: no second collector ever read along
		long listRequests = archive.requests()
			.stream()
			.filter((r) -> r.method().equals("GET") && r.path().equals(ArchiveSandbox.TENANTS_PATH)
					&& ArchiveSandbox.keyId(this.apiKey).equals(r.keyId()))
			.count();
		assertThat(listRequests).isEqualTo(9);
		assertThat(get(first, "/actuator/prometheus", Map.of()).body()
				+ get(second, "/actuator/prometheus", Map.of()).body())
			.containsPattern("ema_usage_collections_total\\{outcome=\"skipped\"\\} [1-9]");
	}

	@Test
	void aCollectorKilledMidRunLeavesNoHalfStateAndTheNextRunCompletesIt() throws Exception {
		List<String> slugs = seedTenants("crash", 200); // four pages
		Map<String, Long> services = provision(slugs);
		int port = freePort();
		Map<String, Object> properties = new HashMap<>(workerProperties());
		properties.put("server.port", port);
		// one page at a time, so that the run is surely still going when the first page
		// is recorded
		properties.put("ema.usage.collector.read-ahead", 0);
		archive.faults(Faults.none().withLatencyMs(700));
		try (JvmProcess doomed = JvmProcess.start("crash-" + this.groupId, UsageSyncWorkerApplication.class,
				List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), properties)) {
			await().atMost(WAIT)
				.until(() -> answers("http://127.0.0.1:" + port + "/actuator/health") || !doomed.isAlive());
			assertThat(doomed.isAlive()).as(doomed.output()).isTrue();
			HttpResponse<String> started = send(
					HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/admin/usage/collect"))
						.header("Authorization", "Bearer " + ADMIN_TOKEN)
						.POST(HttpRequest.BodyPublishers.noBody())
						.build());
			assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
			await().atMost(WAIT)
				.until(() -> this.db.queryForObject("select coalesce(max(pages), 0) from collection_run",
						Integer.class) >= 1);
			doomed.kill();
		}
		Map<String, Object> dead = this.db.queryForMap("select * from collection_run order by id limit 1");
		assertThat(dead).containsEntry("status", "running");
		assertThat((Integer) dead.get("pages")).isBetween(1, 3);
		archive.clearFaults();

		ConfigurableApplicationContext survivor = startWorker();
		// what the dead run recorded, WHMCS takes (the survivor's writer, if the dead one
		// did not): a snapshot counts as delivered only then
		await().atMost(WAIT).until(() -> this.db.queryForObject("""
				select count(*) from usage_snapshot s join tenant_service t on t.slug = s.slug
				left join whmcs_usage w on w.service_id = t.service_id and w.active_users = s.active_users
					and w.licenses = s.licenses and w.disk_usage_mb = (s.storage_bytes + 1048575) / 1048576
				where w.service_id is null""", Integer.class) == 0);
		Map<String, Object> run = awaitRun(collect(survivor));

		assertThat(run).containsEntry("status", "succeeded").containsEntry("tenants", 200);
		assertThat(
				this.db.queryForObject("select status from collection_run where id = ?", String.class, dead.get("id")))
			.isEqualTo("abandoned");
		assertThat(this.db.queryForObject("select count(*) from usage_snapshot", Integer.class)).isEqualTo(200);
		// the pages the dead run recorded (and WHMCS took) are not published again; the
		// rest are
		assertThat(((Integer) run.get("unchanged"))).isEqualTo(50 * (Integer) dead.get("pages"));
		await().atMost(WAIT).untilAsserted(() -> {
			for (String slug : slugs) {
				ArchiveTenant tenant = archive.tenant(slug).orElseThrow();
				assertThat(whmcs.service(services.get(slug))
					.map((s) -> s.customField(WhmcsProduct.ACTIVE_USERS_FIELD_ID))
					.orElse("")).as(slug).isEqualTo(Long.toString(tenant.usersCount()));
			}
		});
	}

	@Test
	void aCollectorThatLostItsLockStopsBeforeTheNextPageIsRecordedAndRecordsNothingMore() {
		seedTenants("lost", 200); // four pages
		// one page at a time, slowly, so that pages are recorded far apart
		ConfigurableApplicationContext worker = startWorker(Map.of("ema.usage.collector.read-ahead", 0));
		archive.faults(Faults.none().withLatencyMs(700));
		long runId = collect(worker);
		await().atMost(WAIT)
			.until(() -> this.db.queryForObject("select pages from collection_run where id = ?", Integer.class,
					runId) >= 1);

		// the database ends the lock's session (as in a failover or a killed connection)
		assertThat(endCollectorLockSession()).isTrue();
		int pages = this.db.queryForObject("select pages from collection_run where id = ?", Integer.class, runId);
		Map<String, Object> run = awaitRun(runId);

		assertThat(run).containsEntry("status", "failed").containsEntry("pages", pages);
		assertThat((String) run.get("error")).contains("collector lock");
		assertThat(this.db.queryForObject("select count(*) from usage_snapshot", Integer.class)).isEqualTo(50 * pages);
		assertThat(get(worker, "/actuator/prometheus", Map.of()).body())
			.containsPattern("ema_usage_collections_total\\{outcome=\"failed\"\\} 1");

		// the lock is free again: the next run collects everything
		archive.clearFaults();
		assertThat(awaitRun(collect(worker))).containsEntry("status", "succeeded").containsEntry("tenants", 200);
		assertThat(this.db.queryForObject("select count(*) from usage_snapshot", Integer.class)).isEqualTo(200);
	}

	@Test
	void aRunAnotherInstanceTookOverIsNeverMarkedSucceeded() {
		seedTenants("taken", 200); // four pages
		Map<String, Object> slow = Map.of("ema.usage.collector.read-ahead", 0);
		ConfigurableApplicationContext first = startWorker(slow);
		ConfigurableApplicationContext second = startWorker(slow);
		// the first run's first page is recorded only after two slow pages
		archive.faults(Faults.none().withLatencyMs(1500));
		long taken = collect(first);

		// the first instance's lock session ends; the second takes the lock and marks the
		// first run abandoned
		assertThat(endCollectorLockSession()).isTrue();
		long next = collect(second);
		archive.clearFaults();
		await().atMost(WAIT)
			.until(() -> get(first, "/admin/usage/runs", Map.of("Authorization", "Bearer " + ADMIN_TOKEN)).body()
				.contains("\"running\":false"));

		assertThat(awaitRun(next)).containsEntry("status", "succeeded").containsEntry("tenants", 200);
		assertThat(this.db.queryForMap("select status, pages from collection_run where id = ?", taken))
			.containsEntry("status", "abandoned")
			.containsEntry("pages", 0);
		assertThat(get(first, "/actuator/prometheus", Map.of()).body())
			.containsPattern("ema_usage_collections_total\\{outcome=\"succeeded\"\\} 0")
			.containsPattern("ema_usage_collections_total\\{outcome=\"abandoned\"\\} 1");
	}

	/**
	 * Ends the database session holding the collector lock of this test's database; false
	 * when no session holds it.
	 */
	private boolean endCollectorLockSession() {
		List<Boolean> ended = this.db.queryForList("""
				select pg_terminate_backend(l.pid) from pg_locks l
				where l.locktype = 'advisory' and l.granted and l.classid = 0 and l.objid = 7414212
					and l.database = (select oid from pg_database where datname = current_database())""",
				Boolean.class);
		await().atMost(WAIT)
			.until(() -> this.db.queryForObject("""
					select count(*) from pg_locks l
					where l.locktype = 'advisory' and l.classid = 0 and l.objid = 7414212
						and l.database = (select oid from pg_database where datname = current_database())""",
					Integer.class) == 0);
		return ended.contains(Boolean.TRUE);
	}

	private boolean answers(String url) {
		try {
			return send(HttpRequest.newBuilder(URI.create(url)).build()).statusCode() == 200;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
