package io.emabridge.provisioning.modulelog;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.emabridge.model.lifecycle.ServiceCreated;
import io.emabridge.model.signing.RequestSignature;
import io.emabridge.provisioning.WorkerIntegrationTests;
import io.emabridge.provisioning.support.Events;
import io.emabridge.testsupport.TestNames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The signed failures endpoint the module's cron hook reads into WHMCS's Module Log: each
 * dead letter once past its cursor, with its event and the archive's answer.
 */
class FailuresApiTests extends WorkerIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	private final String secret = "module-" + TestNames.shortId();

	@Test
	void aDeadLetterIsServedOnceWithItsEventAndTheArchivesAnswer() throws Exception {
		String base = baseUrl(startWorker(web(deadLetteringKey("refused-" + TestNames.shortId()))));
		long id = TestNames.serviceId();
		ServiceCreated create = Events.create(id, Instant.now(), "Refused Corp " + id);
		send(create);

		JsonNode page = await().atMost(WAIT)
			.until(() -> json(signedGet(base, "/api/failures?limit=10", this.secret)),
					(answer) -> answer.get("failures").size() > 0);
		JsonNode failure = page.get("failures").get(0);
		assertThat(failure.get("serviceId").asLong()).isEqualTo(id);
		assertThat(failure.get("eventId").asString()).isEqualTo(create.eventId().toString());
		assertThat(failure.get("type").asString()).isEqualTo("service.create");
		assertThat(failure.get("reason").asString()).isEqualTo("archive_unauthorized");
		assertThat(failure.get("error").asString()).contains("401").contains("Unauthenticated");
		assertThat(failure.get("event").get("client").get("companyName").asString()).isEqualTo("Refused Corp " + id);
		assertThat(page.get("next").asString()).isEqualTo(failure.get("cursor").asString());

		JsonNode after = json(signedGet(base, "/api/failures?after=" + page.get("next").asString(), this.secret));
		assertThat(after.get("failures").size()).isZero();
		assertThat(after.get("next").asString()).isEqualTo(page.get("next").asString());
	}

	@Test
	void unsignedWronglySignedAndBadRequestsAreRefused() throws Exception {
		String base = baseUrl(startWorker(web(Map.of())));

		assertThat(send(HttpRequest.newBuilder(URI.create(base + "/api/failures")).GET().build()).statusCode())
			.isEqualTo(401);
		HttpResponse<String> wrong = signedGet(base, "/api/failures", "not-" + this.secret);
		assertThat(wrong.statusCode()).isEqualTo(401);
		assertThat(wrong.body()).doesNotContain(this.secret);
		assertThat(signedGet(base, "/api/failures?after=drop%20table", this.secret).statusCode()).isEqualTo(400);
		assertThat(signedGet(base, "/api/failures?limit=0", this.secret).statusCode()).isEqualTo(400);
		assertThat(signedGet(base, "/api/failures?limit=-1", this.secret).statusCode()).isEqualTo(400);
		assertThat(signedGet(base, "/api/failures?after=1.2", this.secret).statusCode()).isEqualTo(200);
	}

	@Test
	void withoutASecretEveryRequestIsRefused() throws Exception {
		Map<String, Object> properties = web(Map.of());
		properties.put("ema.module-log.secrets", "");
		String base = baseUrl(startWorker(properties));

		HttpResponse<String> refused = signedGet(base, "/api/failures", "anything");
		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(refused.body()).contains("ema.module-log.secrets");
	}

	private Map<String, Object> web(Map<String, Object> more) {
		Map<String, Object> properties = new HashMap<>(more);
		properties.put("spring.main.web-application-type", "servlet");
		properties.put("server.port", 0);
		properties.put("ema.module-log.secrets", this.secret);
		properties.put("ema.dead-letters.memory-topic", TestNames.topic("replayed"));
		return properties;
	}

	private static String baseUrl(ConfigurableApplicationContext worker) {
		return "http://127.0.0.1:" + worker.getEnvironment().getProperty("local.server.port");
	}

	private HttpResponse<String> signedGet(String base, String target, String key)
			throws IOException, InterruptedException {
		long timestamp = Instant.now().getEpochSecond();
		return send(HttpRequest.newBuilder(URI.create(base + target))
			.header(RequestSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
			.header(RequestSignature.SIGNATURE_HEADER,
					RequestSignature.sign(key, timestamp, target.getBytes(StandardCharsets.UTF_8)))
			.GET()
			.build());
	}

	private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static JsonNode json(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

}
