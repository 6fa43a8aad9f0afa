package io.emabridge.provisioning.status;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.emabridge.provisioning.WorkerIntegrationTests;
import io.emabridge.provisioning.support.Events;
import io.emabridge.testsupport.TestNames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /admin/status} answers behind the admin token with what the worker keeps:
 * the circuit, the key check, the ledger's backlog and the last reconciliation.
 */
class StatusEndpointTests extends WorkerIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private final String token = "status-" + TestNames.shortId();

	@Test
	void theStatusIsBehindTheTokenAndShowsTheLastReconciliation() throws Exception {
		String base = baseUrl(startWorker(web(Map.of())));

		assertThat(call("GET", base + "/admin/status", null).statusCode()).isEqualTo(401);
		assertThat(call("GET", base + "/admin/status", "wrong-" + this.token).statusCode()).isEqualTo(401);
		JsonNode status = json(call("GET", base + "/admin/status", this.token));

		assertThat(status.get("circuitState").asString()).isEqualTo("closed");
		assertThat(status.get("keyRefused").asBoolean()).isFalse();
		// one reseller account, the default, with its key's fingerprint (never the key)
		assertThat(status.get("accounts")).hasSize(1);
		assertThat(status.get("accounts").get(0).get("name").asString()).isEqualTo("default");
		assertThat(status.get("accounts").get(0).get("key").asString()).matches("[0-9a-f]{8}");
		assertThat(status.get("accounts").get(0).get("circuitState").asString()).isEqualTo("closed");
		assertThat(status.toString()).doesNotContain("sandbox-key");
		assertThat(status.get("servicesDue").asLong()).isZero();
		assertThat(status.get("oldestDueSeconds").asLong()).isZero();
		assertThat(status.get("waitingForCreate").asLong()).isZero();
		assertThat(status.has("openNotices")).isTrue();
		assertThat(status.get("lastReconcile").isNull()).isTrue();

		JsonNode report = json(call("POST", base + "/admin/reconcile?fix=false", this.token));
		JsonNode last = json(call("GET", base + "/admin/status", this.token)).get("lastReconcile");

		assertThat(last.get("outcome").asString()).isEqualTo(report.get("outcome").asString());
		assertThat(Instant.parse(last.get("finishedAt").asString()))
			.isEqualTo(Instant.parse(report.get("finishedAt").asString()));
		assertThat(last.get("fix").asBoolean()).isFalse();
		assertThat(last.get("drifts").asInt()).isEqualTo(report.get("drifts").size());
	}

	@Test
	void aKeyTheArchiveRefusesIsReported() throws Exception {
		String base = baseUrl(startWorker(web(Map.of("ema.archive.api-key", "unknown-" + TestNames.shortId(),
				"ema.archive.key-check.probe-interval", "1s"))));

		send(Events.create(TestNames.serviceId(), Instant.now(), "Refused Ltd"));

		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(
					json(call("GET", base + "/admin/status", this.token)).get("keyRefused").asBoolean())
				.isTrue());
	}

	private Map<String, Object> web(Map<String, Object> more) {
		Map<String, Object> properties = new HashMap<>(more);
		properties.put("spring.main.web-application-type", "servlet");
		properties.put("server.port", 0);
		properties.put("ema.admin.token", this.token);
		properties.put("ema.dead-letters.memory-topic", TestNames.topic("replayed"));
		properties.put("ema.reconcile.schedule", "-");
		return properties;
	}

	private static String baseUrl(ConfigurableApplicationContext worker) {
		return "http://127.0.0.1:" + worker.getEnvironment().getProperty("local.server.port");
	}

	private static HttpResponse<String> call(String method, String url, String bearer) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(60))
			.method(method, HttpRequest.BodyPublishers.noBody());
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static JsonNode json(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

}
