package io.emabridge.usage;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import io.emabridge.model.lifecycle.LifecycleEventJson;
import io.emabridge.sandbox.Faults;
import io.emabridge.sandbox.archive.ArchiveTenant;
import io.emabridge.sandbox.whmcs.WhmcsProduct;
import io.emabridge.sandbox.whmcs.WhmcsService;
import io.emabridge.testsupport.Promtool;
import io.emabridge.usage.support.UsageWorkerTests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Collection and writing over real Kafka, PostgreSQL and the two sandboxes. */
class UsageSyncTests extends UsageWorkerTests {

	private static final long GIB = 1024L * 1024L * 1024L;

	@Test
	void aFullCycleOverSeveralPagesWritesEveryTenantIntoItsWhmcsService() {
		List<String> slugs = seedTenants("full", 120); // three pages of 50
		archive.setUsage(slugs.get(0), 3, 25 * GIB + 1, 900);
		Map<String, Long> services = provision(slugs);
		ConfigurableApplicationContext worker = startWorker();
		awaitDirectory(120);

		Map<String, Object> run = awaitRun(collect(worker));

		assertThat(run).containsEntry("status", "succeeded")
			.containsEntry("pages", 3)
			.containsEntry("tenants", 120)
			.containsEntry("changed", 120)
			.containsEntry("unchanged", 0);
		await().atMost(WAIT).untilAsserted(() -> assertThat(whmcsWrites()).isEqualTo(120));
		for (String slug : slugs) {
			ArchiveTenant tenant = archive.tenant(slug).orElseThrow();
			WhmcsService service = whmcs.service(services.get(slug)).orElseThrow();
			long megabytes = (tenant.storageBytes() + 1048575) / 1048576;
			assertThat(service.diskUsage()).as(slug).isEqualTo(megabytes);
			assertThat(service.customField(WhmcsProduct.ACTIVE_USERS_FIELD_ID))
				.isEqualTo(Long.toString(tenant.usersCount()));
			assertThat(service.lastUpdate()).isNotEqualTo(WhmcsService.NEVER_UPDATED);
		}
		// 25 GiB and a byte with 10 GiB per license: three licenses, more than its three
		// users would need
		assertThat(whmcs.service(services.get(slugs.get(0))).orElseThrow().customField(WhmcsProduct.LICENSES_FIELD_ID))
			.isEqualTo("3");
		assertThat(recordCount(this.dltTopic)).isZero();
	}

	@Test
	void anUnchangedSecondCycleWritesNothingAndAChangedOneWritesOnlyTheChangedTenants() {
		List<String> slugs = seedTenants("again", 60);
		provision(slugs);
		ConfigurableApplicationContext worker = startWorker();
		awaitDirectory(60);
		awaitRun(collect(worker));
		await().atMost(WAIT).untilAsserted(() -> assertThat(whmcsWrites()).isEqualTo(60));
		awaitDelivered(60);
		long published = recordCount(this.usageTopic);
		whmcs.clearRequests();

		Map<String, Object> second = awaitRun(collect(worker));

		assertThat(second).containsEntry("status", "succeeded")
			.containsEntry("changed", 0)
			.containsEntry("unchanged", 60);
		// nothing published, so nothing for the writer to write
		assertThat(recordCount(this.usageTopic)).isEqualTo(published);
		assertThat(whmcsWrites()).isZero();

		archive.setUsage(slugs.get(5), 77, 1, 1);
		archive.setUsage(slugs.get(42), 1, 40 * GIB, 1);
		Map<String, Object> third = awaitRun(collect(worker));

		assertThat(third).containsEntry("changed", 2).containsEntry("unchanged", 58);
		assertThat(recordCount(this.usageTopic)).isEqualTo(published + 2);
		await().atMost(WAIT).untilAsserted(() -> assertThat(whmcsWrites()).isEqualTo(2));
	}

	@Test
	void whmcsDownThenBackLosesNothing() {
		List<String> slugs = seedTenants("down", 20);
		Map<String, Long> services = provision(slugs);
		ConfigurableApplicationContext worker = startWorker();
		awaitDirectory(20);
		whmcs.faults(Faults.none().withDown(true));

		awaitRun(collect(worker));
		await().atMost(WAIT).until(() -> whmcs.requests().stream().filter((r) -> r.fault() != null).count() >= 3);
		assertThat(whmcsWrites()).isZero();
		whmcs.clearFaults();

		await().atMost(WAIT).untilAsserted(() -> {
			for (String slug : slugs) {
				ArchiveTenant tenant = archive.tenant(slug).orElseThrow();
				assertThat(whmcs.service(services.get(slug))
					.map((s) -> s.customField(WhmcsProduct.ACTIVE_USERS_FIELD_ID))
					.orElse("")).as(slug).isEqualTo(Long.toString(tenant.usersCount()));
			}
		});
		assertThat(recordCount(this.dltTopic)).isZero();
	}

	@Test
	void whmcsDownPastTheGiveUpTimeThenBackTheNextCollectionWritesTheUnchangedFigures() {
		List<String> slugs = seedTenants("gaveup", 3);
		Map<String, Long> services = provision(slugs);
		ConfigurableApplicationContext worker = startWorker(Map.of("ema.usage.writer.retry.give-up-after", "1s"));
		awaitDirectory(3);
		whmcs.faults(Faults.none().withDown(true));

		awaitRun(collect(worker));
		var dead = records(this.dltTopic, 3);
		assertThat(dead).hasSize(3)
			.allSatisfy((record) -> assertThat(header(record, "ema_dlt_reason")).isEqualTo("retries_exhausted"));
		assertThat(whmcsWrites()).isZero();
		whmcs.clearFaults();
		long published = recordCount(this.usageTopic);

		// the archive's figures did not change, but WHMCS never took them
		Map<String, Object> next = awaitRun(collect(worker));

		await().atMost(WAIT).untilAsserted(() -> {
			for (String slug : slugs) {
				ArchiveTenant tenant = archive.tenant(slug).orElseThrow();
				assertThat(whmcs.service(services.get(slug))
					.map((s) -> s.customField(WhmcsProduct.ACTIVE_USERS_FIELD_ID))
					.orElse("")).as(slug).isEqualTo(Long.toString(tenant.usersCount()));
			}
		});
		assertThat(next).containsEntry("status", "succeeded")
			.containsEntry("changed", 0)
			.containsEntry("resent", 3)
			.containsEntry("unchanged", 0);
		assertThat(recordCount(this.usageTopic)).isEqualTo(published + 3);
		assertThat(recordCount(this.dltTopic)).as("nothing failed again").isEqualTo(3);

		// delivered now: the cycle after publishes nothing and writes nothing
		awaitDelivered(3);
		whmcs.clearRequests();
		Map<String, Object> after = awaitRun(collect(worker));
		assertThat(after).containsEntry("changed", 0).containsEntry("resent", 0).containsEntry("unchanged", 3);
		assertThat(recordCount(this.usageTopic)).isEqualTo(published + 3);
		assertThat(whmcsWrites()).isZero();
	}

	@Test
	void aTenantNoServiceKnowsIsNotPublishedAgainByEveryCollection() {
		List<String> slugs = seedTenants("kept", 2);
		provision(slugs.subList(0, 1));
		ConfigurableApplicationContext worker = startWorker();
		awaitDirectory(1);
		awaitRun(collect(worker));
		await().atMost(WAIT)
			.until(() -> this.db.queryForObject("select count(*) from unknown_tenant", Integer.class) == 1);
		awaitDelivered(1);
		long published = recordCount(this.usageTopic);

		Map<String, Object> second = awaitRun(collect(worker));

		// it waits in unknown_tenant, and is published again once a tenant state names it
		assertThat(second).containsEntry("changed", 0).containsEntry("unchanged", 2);
		assertThat(recordCount(this.usageTopic)).isEqualTo(published);
	}

	@Test
	void aTenantNoServiceKnowsIsReportedAndWrittenOnceItsServiceIsKnown() {
		List<String> slugs = seedTenants("orphan", 3);
		Map<String, Long> services = provision(slugs.subList(0, 2));
		ConfigurableApplicationContext worker = startWorker();
		awaitDirectory(2);

		awaitRun(collect(worker));

		await().atMost(WAIT).untilAsserted(() -> {
			String body = get(worker, "/admin/usage/unknown-tenants", Map.of("Authorization", "Bearer " + ADMIN_TOKEN))
				.body();
			assertThat(body).contains("\"count\":1").contains(slugs.get(2));
		});
		String scrape = get(worker, "/actuator/prometheus", Map.of()).body();
		assertThat(scrape).contains("ema_usage_unknown_tenants 1.0")
			.containsPattern("ema_usage_whmcs_writes_total\\{outcome=\"unknown_tenant\"\\} 1\\.0");
		assertPassesPromtool(scrape);
		await().atMost(WAIT).untilAsserted(() -> assertThat(whmcsWrites()).isEqualTo(2));

		long serviceId = io.emabridge.testsupport.TestNames.serviceId();
		publishTenantState(serviceId, slugs.get(2));

		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(
					whmcs.service(serviceId).map((s) -> s.customField(WhmcsProduct.ACTIVE_USERS_FIELD_ID)).orElse(""))
				.isEqualTo(Long.toString(archive.tenant(slugs.get(2)).orElseThrow().usersCount())));
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(
					get(worker, "/admin/usage/unknown-tenants", Map.of("Authorization", "Bearer " + ADMIN_TOKEN))
						.body())
				.contains("\"count\":0"));
		assertThat(services).hasSize(2);
	}

	@Test
	void aRecordThatIsNoSnapshotGoesToTheDeadLetterTopicWithTheReasonAndTheNextOneIsStillWritten() {
		List<String> slugs = seedTenants("poison", 1);
		Map<String, Long> services = provision(slugs);
		ConfigurableApplicationContext worker = startWorker();
		awaitDirectory(1);
		send(this.usageTopic, slugs.get(0), "{\"slug\":\"poison-1\",\"activeUsers\":\"many\"}".getBytes());

		awaitRun(collect(worker));

		var dead = records(this.dltTopic, 1);
		assertThat(dead).hasSize(1);
		assertThat(header(dead.get(0), "ema_dlt_reason")).isEqualTo("invalid_snapshot");
		assertThat(header(dead.get(0), "ema_dlt_attempts")).isEqualTo("1");
		assertThat(header(dead.get(0), "ema_dlt_first_failure")).isNotBlank();
		assertThat(header(dead.get(0), "kafka_dlt-original-topic")).isEqualTo(this.usageTopic);
		assertThat(header(dead.get(0), "kafka_dlt-exception-message")).contains("activeUsers must be a whole number");
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(whmcs.service(services.get(slugs.get(0)))
				.orElseThrow()
				.customField(WhmcsProduct.ACTIVE_USERS_FIELD_ID)).isNotEmpty());
	}

	@Test
	void aWriteWhmcsRefusesForGoodGoesToTheDeadLetterTopicAtOnce() {
		List<String> slugs = seedTenants("refused", 2);
		Map<String, Long> services = provision(slugs);
		// WHMCS refuses every write with an answer no retry can change (refused
		// credentials, 403, are retried instead: they are the installation's fault)
		whmcs.faults(Faults.none().withErrorRate(1.0, 400).withAction("UpdateClientProduct"));
		ConfigurableApplicationContext worker = startWorker();
		awaitDirectory(2);

		awaitRun(collect(worker));

		var dead = records(this.dltTopic, 2);
		assertThat(dead).hasSize(2).allSatisfy((record) -> {
			assertThat(header(record, "ema_dlt_reason")).isEqualTo("whmcs_rejected");
			assertThat(header(record, "ema_dlt_attempts")).isEqualTo("1");
			assertThat(header(record, "kafka_dlt-exception-message")).contains("HTTP 400")
				.contains("(service " + services.get(record.key()) + ")");
		});
		services.values()
			.forEach((id) -> assertThat(
					whmcs.service(id).map((s) -> s.customField(WhmcsProduct.ACTIVE_USERS_FIELD_ID)).orElse(""))
				.isEmpty());
	}

	@Test
	void aCustomFieldIdTheProductDoesNotHaveStopsTheWorkerAtStartUp() {
		// WHMCS would take the writes and drop the unknown field without a word
		provision(seedTenants("unknown-field", 1));
		assertThatThrownBy(() -> startWorker(Map.of("ema.whmcs.custom-fields.licenses", 99))).rootCause()
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("ema.whmcs.custom-fields.licenses=99")
			.hasMessageContaining("15 \"Licenses\"")
			.hasMessageNotContaining("active-users");
	}

	@Test
	void refusedWritesAreListedAndReplayedThroughTheWorkersDeadLetterEndpointsOnceTheCauseIsFixed() {
		List<String> slugs = seedTenants("replayed", 2);
		Map<String, Long> services = provision(slugs);
		Map<String, Object> memory = Map.of("ema.dead-letters.memory-topic", this.usageTopic + "-replayed");
		whmcs.faults(Faults.none().withErrorRate(1.0, 400).withAction("UpdateClientProduct"));
		ConfigurableApplicationContext worker = startWorker(memory);
		awaitDirectory(2);
		awaitRun(collect(worker));
		records(this.dltTopic, 2);

		assertThat(get(worker, "/admin/dead-letters", Map.of()).statusCode()).isEqualTo(401);
		await().atMost(WAIT)
			.untilAsserted(
					() -> assertThat(get(worker, "/admin/dead-letters", bearer()).body()).contains("whmcs_rejected")
						.contains(slugs.get(0))
						.contains(slugs.get(1)));
		stopWorker(worker);

		// the cause fixed: a replay writes what WHMCS refused before
		whmcs.clearFaults();
		ConfigurableApplicationContext fixed = startWorker(memory);
		HttpResponse<String> replay = send(
				HttpRequest.newBuilder(URI.create(baseUrl(fixed) + "/admin/dead-letters/replay"))
					.header("Authorization", "Bearer " + ADMIN_TOKEN)
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString("{\"all\":true,\"reason\":\"cause fixed\"}"))
					.build());

		assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
		assertThat(LifecycleEventJson.mapper().readTree(replay.body()).get("counts").get("REPLAYED").asInt())
			.isEqualTo(2);
		await().atMost(WAIT)
			.untilAsserted(() -> services.values()
				.forEach((id) -> assertThat(whmcs.service(id).orElseThrow().customField(WhmcsProduct.LICENSES_FIELD_ID))
					.isNotEmpty()));
		assertThat(recordCount(this.dltTopic)).as("nothing failed again").isEqualTo(2);
	}

	private static Map<String, String> bearer() {
		return Map.of("Authorization", "Bearer " + ADMIN_TOKEN);
	}

	@Test
	void adminEndpointsWantTheTokenAndHealthShowsTheDatabaseAndKafka() {
		ConfigurableApplicationContext worker = startWorker();

		var health = get(worker, "/actuator/health", Map.of());
		assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
		assertThat(health.body()).contains("\"db\":{\"status\":\"UP\"").contains("\"kafka\":{\"status\":\"UP\"");

		assertThat(post(worker, "/admin/usage/collect", null).statusCode()).isEqualTo(401);
		assertThat(post(worker, "/admin/usage/collect", "wrong").statusCode()).isEqualTo(401);
		assertThat(get(worker, "/admin/usage/runs", Map.of()).statusCode()).isEqualTo(401);
		assertThat(this.db.queryForObject("select count(*) from collection_run", Integer.class)).isZero();
	}

	/**
	 * Where promtool is installed (always in CI), the running worker's scrape must pass
	 * its lint.
	 */
	private static void assertPassesPromtool(String scrape) {
		if (Promtool.isInstalledOrRequired()) {
			Promtool.Result result = Promtool.checkOurMetrics(scrape);
			assertThat(result.passed()).as(result.output()).isTrue();
		}
	}

}
