package io.emabridge.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.emabridge.sandbox.archive.ArchiveTenant;
import io.emabridge.testsupport.PhpUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The WHMCS module's outbox across the whole system: the real PHP module (run by PHPUnit
 * against a WHMCS database file) acts while the gateway process is stopped, the gateway
 * comes back at the same URL, WHMCS's cron delivers the outbox, and the worker brings
 * every service's tenant to the state its last action asked for.
 */
class OutboxConvergenceTests {

	private static final Path MODULE_ROOT = Path.of("..", "whmcs-publisher", "whmcs");

	private static final int WHMCS_SLUG_FIELD = 12;

	private static final int SERVICES = 24;

	@TempDir
	Path dir;

	private Bridge bridge;

	@BeforeEach
	void start() {
		PhpUnit.assumeInstalled();
		this.bridge = new Bridge();
	}

	@AfterEach
	void stop() {
		if (this.bridge != null) {
			this.bridge.close();
		}
	}

	@Test
	void actionsTakenWhileTheGatewayIsDownAreDeliveredInOrderOnceItIsBackAndEveryServiceConverges() throws Exception {
		long firstServiceId = ThreadLocalRandom.current().nextLong(100_000_000L, 2_000_000_000L);
		Path expectedFile = this.dir.resolve("expected.json");
		Map<String, String> environment = Map.of("EMA_GATEWAY_URL", this.bridge.gateway().url(), "EMA_GATEWAY_SECRET",
				Bridge.GATEWAY_SECRET, "EMA_WHMCS_SQLITE", this.dir.resolve("whmcs.sqlite").toString(),
				"EMA_SYSTEM_FIRST_SERVICE_ID", Long.toString(firstServiceId), "EMA_SYSTEM_SERVICES",
				Integer.toString(SERVICES), "EMA_SYSTEM_EXPECTED_FILE", expectedFile.toString());

		this.bridge.stopGateway();
		assertPhase("fill", environment);
		assertThat(this.bridge.archive.requests()).as("no archive call while every event waits in WHMCS").isEmpty();

		this.bridge.restartGateway();
		assertPhase("drain", environment);

		JsonNode expected = JsonMapper.shared().readTree(Files.readString(expectedFile));
		assertThat(expected.size()).isEqualTo(SERVICES);
		await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
			for (var entry : expected.properties()) {
				long serviceId = Long.parseLong(entry.getKey());
				Optional<String> slug = this.bridge.whmcs.customField(serviceId, WHMCS_SLUG_FIELD);
				assertThat(slug).as("slug written back for service %d", serviceId).isPresent();
				Optional<ArchiveTenant> tenant = this.bridge.archive.tenant(slug.get());
				assertThat(tenant).as("tenant of service %d", serviceId).isPresent();
				assertThat(tenant.get().status().wireName()).as("status of service %d", serviceId)
					.isEqualTo(entry.getValue().asString());
			}
		});
		assertThat(this.bridge.archive.allTenants()).as("one tenant per service").hasSize(SERVICES);
		assertThat(this.bridge.archive.requests()).as("DELETE calls").noneMatch((r) -> r.method().equals("DELETE"));
	}

	private void assertPhase(String phase, Map<String, String> environment) throws Exception {
		Map<String, String> withPhase = new java.util.HashMap<>(environment);
		withPhase.put("EMA_SYSTEM_PHASE", phase);
		PhpUnit.Result result = PhpUnit.run(MODULE_ROOT, List.of("--group", "system", "--filter", "OutboxSystemTest"),
				withPhase);
		assertThat(result.exitCode()).as(result.output()).isZero();
		// one test of the phase ran; the other phase's test is skipped by design
		assertThat(result.output()).as(phase)
			.contains("OK, but incomplete, skipped, or risky tests!")
			.contains("Tests: 2")
			.contains("Skipped: 1")
			.doesNotContain(Bridge.GATEWAY_SECRET);
	}

}
