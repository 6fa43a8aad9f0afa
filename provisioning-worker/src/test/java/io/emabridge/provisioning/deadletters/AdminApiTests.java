package io.emabridge.provisioning.deadletters;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.emabridge.model.lifecycle.ServiceCreated;
import io.emabridge.provisioning.WorkerIntegrationTests;
import io.emabridge.provisioning.ledger.ServiceStatus;
import io.emabridge.provisioning.support.Events;
import io.emabridge.testsupport.TestNames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The dead-letter operations on the worker's admin port, behind the bearer token. */
class AdminApiTests extends WorkerIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(1, ChronoUnit.HOURS);

	private final String token = "admin-" + TestNames.shortId();

	@Test
	void theEndpointsRefuseRequestsWithoutTheRightToken() throws Exception {
		String base = baseUrl(startWorker(web(Map.of("ema.admin.token", this.token))));

		for (String path : new String[] { "/admin/dead-letters", "/admin/dead-letters/x" }) {
			assertThat(get(base + path, null).statusCode()).isEqualTo(401);
			HttpResponse<String> wrong = get(base + path, "not-" + this.token);
			assertThat(wrong.statusCode()).isEqualTo(401);
			assertThat(wrong.headers().firstValue("WWW-Authenticate"))
				.hasValueSatisfying((v) -> v.startsWith("Bearer"));
			assertThat(wrong.body()).doesNotContain(this.token);
		}
		assertThat(post(base + "/admin/dead-letters/replay", null, "{\"all\":true,\"reason\":\"x\"}").statusCode())
			.isEqualTo(401);
		assertThat(get(base + "/admin/dead-letters", this.token).statusCode()).isEqualTo(200);
	}

	@Test
	void theEndpointsDoNotExistWithoutAToken() throws Exception {
		String base = baseUrl(startWorker(web(Map.of())));

		assertThat(get(base + "/admin/dead-letters", "anything").statusCode()).isEqualTo(404);
		assertThat(
				post(base + "/admin/dead-letters/replay", "anything", "{\"all\":true,\"reason\":\"x\"}").statusCode())
			.isEqualTo(404);
	}

	@Test
	void listShowAndReplayOverHttp() throws Exception {
		String key = "key-" + TestNames.shortId();
		String base = baseUrl(startWorker(web(deadLetteringKey(key, "ema.admin.token", this.token))));
		long id = TestNames.serviceId();
		long other = TestNames.serviceId();
		ServiceCreated create = Events.create(id, this.t0, "Admin " + id);
		send(create, Events.create(other, this.t0, "Admin " + other));
		records(this.dltTopic, 2);

		JsonNode list = json(get(base + "/admin/dead-letters?reason=unauthorized", this.token));
		assertThat(list.size()).isEqualTo(2);
		assertThat(list.get(0).get("reason").asString()).isEqualTo("archive_unauthorized");
		assertThat(json(get(base + "/admin/dead-letters?service=" + id, this.token)).size()).isEqualTo(1);
		assertThat(json(get(base + "/admin/dead-letters?type=suspend", this.token)).size()).isZero();

		await().atMost(WAIT).untilAsserted(() -> assertThat(serviceRow(id)).containsEntry("status", "failed"));
		JsonNode show = json(get(base + "/admin/dead-letters/" + create.eventId(), this.token)).get(0);
		assertThat(show.get("eventId").asString()).isEqualTo(create.eventId().toString());
		assertThat(show.get("headers").toString()).contains("ema_dlt_reason", "kafka_dlt-original-topic");
		assertThat(show.get("ledger").get("service").get("status").asString()).isEqualTo("failed");
		assertThat(get(base + "/admin/dead-letters/" + TestNames.shortId(), this.token).statusCode()).isEqualTo(404);

		HttpResponse<String> unsaid = post(base + "/admin/dead-letters/replay", this.token, "{}");
		assertThat(unsaid.statusCode()).isEqualTo(400);
		assertThat(unsaid.body()).contains("say what to replay");
		assertThat(post(base + "/admin/dead-letters/replay", this.token, "{\"all\":true}").body()).contains("reason");

		JsonNode dry = json(post(base + "/admin/dead-letters/replay", this.token, "{\"all\":true,\"dryRun\":true}"));
		assertThat(dry.get("counts").get("WOULD_REPLAY").asInt()).isEqualTo(2);

		archive.addApiKey(key);
		String body = "{\"service\":[\"" + id + "\"],\"reason\":\"key fixed\"}";
		JsonNode replay = json(post(base + "/admin/dead-letters/replay", this.token, body));
		assertThat(replay.get("counts").get("REPLAYED").asInt()).isEqualTo(1);
		awaitSettled(id, ServiceStatus.ACTIVE);
		assertThat(serviceRow(other)).containsEntry("status", "failed");
		JsonNode again = json(post(base + "/admin/dead-letters/replay", this.token, body));
		assertThat(again.get("counts").get("ALREADY_REPLAYED").asInt()).isEqualTo(1);
		assertThat(again.get("counts").get("REPLAYED").asInt()).isZero();

		String metrics = get(base + "/actuator/prometheus", null).body();
		assertThat(metrics).containsPattern("ema_dead_letter_replays_total\\{[^}]*outcome=\"replayed\"[^}]*\\} 1\\.0")
			.containsPattern("ema_dead_letter_replays_total\\{[^}]*outcome=\"already_replayed\"[^}]*\\} 1\\.0");
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(get(base + "/actuator/prometheus", null).body())
				.containsPattern("ema_dead_letter_depth\\{[^}]*reason=\"archive_unauthorized\"[^}]*\\} 1\\.0"));

		JsonNode rest = json(
				post(base + "/admin/dead-letters/replay", this.token, "{\"all\":true,\"reason\":\"key fixed\"}"));
		assertThat(rest.get("counts").get("REPLAYED").asInt()).isEqualTo(1);
		awaitSettled(other, ServiceStatus.ACTIVE);
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(get(base + "/actuator/prometheus", null).body())
				.containsPattern("ema_dead_letter_depth\\{[^}]*reason=\"archive_unauthorized\"[^}]*\\} 0\\.0"));
	}

	private Map<String, Object> web(Map<String, Object> more) {
		Map<String, Object> properties = new java.util.HashMap<>(more);
		properties.put("spring.main.web-application-type", "servlet");
		properties.put("server.port", 0);
		properties.put("ema.dead-letters.memory-topic", TestNames.topic("replayed"));
		properties.put("ema.dead-letters.depth-refresh", "1s");
		return properties;
	}

	private static String baseUrl(ConfigurableApplicationContext worker) {
		return "http://127.0.0.1:" + worker.getEnvironment().getProperty("local.server.port");
	}

	private HttpResponse<String> get(String url, String bearer) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String url, String bearer, String body) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static JsonNode json(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

}
