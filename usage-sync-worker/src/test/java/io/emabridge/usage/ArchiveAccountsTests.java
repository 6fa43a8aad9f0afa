package io.emabridge.usage;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import io.emabridge.sandbox.Faults;
import io.emabridge.sandbox.archive.ArchiveSandbox;
import io.emabridge.sandbox.archive.ArchiveTenant;
import io.emabridge.sandbox.whmcs.WhmcsProduct;
import io.emabridge.sandbox.whmcs.WhmcsService;
import io.emabridge.testsupport.TestNames;
import io.emabridge.usage.support.UsageWorkerTests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several reseller accounts (one per Easy Mail Archive server in WHMCS, each with its own
 * key): every account's usage reaches WHMCS, and an account the archive refuses or does
 * not answer is reported on its own while the others' usage still flows.
 */
class ArchiveAccountsTests extends UsageWorkerTests {

	@Test
	void theUsageOfEveryAccountReachesWhmcsAndARevokedKeyStopsOnlyItsOwnAccount() {
		String otherKey = "key-" + TestNames.shortId();
		archive.addApiKey(otherKey);
		String fingerprint = ArchiveSandbox.keyId(otherKey).substring("key-".length());
		List<String> first = seedTenants("north", 60); // two pages
		archive.generateTenants(otherKey, 30, "south");
		List<String> second = archive.tenants(otherKey).stream().map(ArchiveTenant::slug).toList();
		assertThat(second).hasSize(30);
		Map<String, Long> services = new HashMap<>(provision(first));
		services.putAll(provision(second));
		ConfigurableApplicationContext worker = startWorker(Map.of("ema.archive.accounts.7.api-key", otherKey));
		awaitDirectory(90);

		Map<String, Object> run = awaitRun(collect(worker));

		assertThat(run).containsEntry("status", "succeeded").containsEntry("tenants", 90).containsEntry("pages", 3);
		await().atMost(WAIT).untilAsserted(() -> assertThat(whmcsWrites()).isEqualTo(90));
		services.forEach((slug, serviceId) -> assertHoldsArchiveUsage(slug, serviceId));
		assertThat(this.db.queryForList("select account, key_fingerprint, status, tenants from collection_run_account"
				+ " where run_id = ? order by account", run.get("id")))
			.containsExactly(
					Map.of("account", "7", "key_fingerprint", fingerprint, "status", "succeeded", "tenants", 30),
					Map.of("account", "default", "key_fingerprint",
							ArchiveSandbox.keyId(this.apiKey).substring("key-".length()), "status", "succeeded",
							"tenants", 60));

		// the second account's key is revoked: its usage stops, the default account's
		// goes on
		archive.revokeKey(otherKey);
		archive.setUsage(first.get(3), 41, 1, 1);
		archive.setUsage(second.get(4), 42, 1, 1);
		Map<String, Object> failed = awaitRun(collect(worker));

		assertThat(failed).containsEntry("status", "failed").containsEntry("tenants", 60);
		assertThat((String) failed.get("error")).contains("1 of 2 archive accounts failed")
			.contains("account 7 (key " + fingerprint + "): archive list failed with HTTP 401")
			.doesNotContain(otherKey);
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(whmcs.service(services.get(first.get(3)))
				.orElseThrow()
				.customField(WhmcsProduct.ACTIVE_USERS_FIELD_ID)).isEqualTo("41"));
		assertThat(whmcs.service(services.get(second.get(4)))
			.orElseThrow()
			.customField(WhmcsProduct.ACTIVE_USERS_FIELD_ID)).isNotEqualTo("42");
		String scrape = get(worker, "/actuator/prometheus", Map.of()).body();
		assertThat(scrape)
			.containsPattern("ema_usage_account_collections_total\\{account=\"7\",key=\"" + fingerprint
					+ "\",outcome=\"failed\"\\} 1\\.0")
			.containsPattern("ema_usage_account_collections_total\\{account=\"7\",key=\"" + fingerprint
					+ "\",outcome=\"succeeded\"\\} 1\\.0")
			.containsPattern("ema_usage_account_collections_total\\{account=\"default\",key=\"[0-9a-f]{8}\","
					+ "outcome=\"succeeded\"\\} 2\\.0")
			.containsPattern("ema_usage_account_last_success_timestamp_seconds\\{account=\"7\",key=\"" + fingerprint
					+ "\"\\} [1-9]")
			.doesNotContain(otherKey);
		HttpResponse<String> runs = get(worker, "/admin/usage/runs", Map.of("Authorization", "Bearer " + ADMIN_TOKEN));
		assertThat(runs.body())
			.contains("\"account\":\"7\"", "\"key\":\"" + fingerprint + "\"", "\"status\":\"failed\"")
			.doesNotContain(otherKey);

		// the key is restored: the next run brings the account's usage
		archive.restoreKey(otherKey);
		assertThat(awaitRun(collect(worker))).containsEntry("status", "succeeded").containsEntry("changed", 1);
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(whmcs.service(services.get(second.get(4)))
				.orElseThrow()
				.customField(WhmcsProduct.ACTIVE_USERS_FIELD_ID)).isEqualTo("42"));
	}

	@Test
	void anAccountWhoseArchiveDoesNotAnswerIsReportedAndTheOthersUsageStillFlows() {
		List<String> near = seedTenants("near", 10);
		try (ArchiveSandbox far = ArchiveSandbox.start()) {
			// another region: its own API, its own key
			far.generateTenants("sandbox-key", 5, "far");
			List<String> farSlugs = far.tenants("sandbox-key").stream().map(ArchiveTenant::slug).toList();
			Map<String, Long> services = new HashMap<>(provision(near));
			services.putAll(provision(farSlugs));
			far.faults(Faults.none().withLatencyMs(3000));
			ConfigurableApplicationContext worker = startWorker(
					Map.of("ema.archive.accounts.9.api-key", "sandbox-key", "ema.archive.accounts.9.base-url",
							far.baseUrl(), "ema.archive.timeout", "1s", "ema.usage.collector.page-attempts", 2));
			awaitDirectory(15);

			Map<String, Object> run = awaitRun(collect(worker));

			assertThat(run).containsEntry("status", "failed").containsEntry("tenants", 10);
			assertThat((String) run.get("error")).contains("account 9 (key ").contains("timed out");
			await().atMost(WAIT).untilAsserted(() -> assertThat(whmcsWrites()).isEqualTo(10));
			near.forEach((slug) -> assertHoldsArchiveUsage(slug, services.get(slug)));
			assertThat(get(worker, "/actuator/prometheus", Map.of()).body()).containsPattern(
					"ema_usage_account_collections_total\\{account=\"9\",key=\"[0-9a-f]{8}\",outcome=\"failed\"\\} 1\\.0");

			far.clearFaults();
			assertThat(awaitRun(collect(worker))).containsEntry("status", "succeeded").containsEntry("tenants", 15);
			await().atMost(WAIT).untilAsserted(() -> assertThat(whmcsWrites()).isEqualTo(15));
			for (String slug : farSlugs) {
				ArchiveTenant tenant = far.tenant(slug).orElseThrow();
				assertThat(whmcs.service(services.get(slug)).orElseThrow().diskUsage())
					.isEqualTo((tenant.storageBytes() + 1048575) / 1048576);
			}
		}
	}

	private static void assertHoldsArchiveUsage(String slug, long serviceId) {
		ArchiveTenant tenant = archive.tenant(slug).orElseThrow();
		WhmcsService service = whmcs.service(serviceId).orElseThrow();
		assertThat(service.diskUsage()).as(slug).isEqualTo((tenant.storageBytes() + 1048575) / 1048576);
		assertThat(service.customField(WhmcsProduct.ACTIVE_USERS_FIELD_ID)).as(slug)
			.isEqualTo(Long.toString(tenant.usersCount()));
	}

}
