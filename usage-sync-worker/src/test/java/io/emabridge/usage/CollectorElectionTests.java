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
 * One collector at a time, and a collector that dies mid-run leaves nothing the next run
 * trips over.
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
		Map<String, Object> run = awaitRun(collect(survivor));

		assertThat(run).containsEntry("status", "succeeded").containsEntry("tenants", 200);
		assertThat(
				this.db.queryForObject("select status from collection_run where id = ?", String.class, dead.get("id")))
			.isEqualTo("abandoned");
		assertThat(this.db.queryForObject("select count(*) from usage_snapshot", Integer.class)).isEqualTo(200);
		// the pages the dead run recorded are not published again; the rest are
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
