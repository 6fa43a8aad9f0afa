package io.emabridge.usage;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import io.emabridge.model.lifecycle.LifecycleEventJson;
import io.emabridge.model.signing.RequestSignature;
import io.emabridge.usage.support.UsageWorkerTests;

import static org.assertj.core.api.Assertions.assertThat;

/** The read-only, signed usage endpoint the WHMCS module reads. */
class UsageEndpointTests extends UsageWorkerTests {

	@Test
	void servesTheLatestFiguresOfTheAskedServicesToASignedRequest() {
		List<String> slugs = seedTenants("api", 2);
		archive.setUsage(slugs.get(0), 12, 5L * 1024 * 1024 * 1024, 4000);
		Map<String, Long> services = provision(slugs);
		ConfigurableApplicationContext worker = startWorker();
		awaitDirectory(2);
		awaitRun(collect(worker));
		long first = services.get(slugs.get(0));
		long unknown = io.emabridge.testsupport.TestNames.serviceId();
		String target = "/api/usage?serviceIds=" + first + "," + unknown;

		HttpResponse<String> response = get(worker, target, signed(API_SECRET, target));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode body = LifecycleEventJson.mapper().readTree(response.body());
		assertThat(body.path("services")).hasSize(1);
		JsonNode usage = body.path("services").get(0);
		assertThat(usage.path("serviceId").asLong()).isEqualTo(first);
		assertThat(usage.path("slug").asString()).isEqualTo(slugs.get(0));
		assertThat(usage.path("activeUsers").asLong()).isEqualTo(12);
		assertThat(usage.path("storageBytes").asLong()).isEqualTo(5L * 1024 * 1024 * 1024);
		assertThat(usage.path("storageGb").decimalValue()).isEqualByComparingTo("5.000");
		assertThat(usage.path("messages").asLong()).isEqualTo(4000);
		assertThat(usage.path("licenses").asLong()).isEqualTo(12);
		assertThat(usage.path("collectedAt").asString()).isNotBlank();
		assertThat(body.path("withoutUsage").get(0).asLong()).isEqualTo(unknown);
		assertThat(body.path("lastCollection").asString()).isNotBlank();
	}

	@Test
	void refusesUnsignedWronglySignedAndReplayedRequestsAndNamesBadInput() {
		ConfigurableApplicationContext worker = startWorker();
		String target = "/api/usage?serviceIds=1,2";

		assertThat(get(worker, target, Map.of()).statusCode()).isEqualTo(401);
		assertThat(get(worker, target, signed("not-the-secret", target)).statusCode()).isEqualTo(401);
		// a signature is over the query too: it cannot be reused to read other services
		assertThat(get(worker, "/api/usage?serviceIds=3", signed(API_SECRET, target)).statusCode()).isEqualTo(401);
		HttpResponse<String> expired = get(worker, target, signed(API_SECRET, target, Instant.now().minusSeconds(900)));
		assertThat(expired.statusCode()).isEqualTo(401);
		assertThat(expired.body()).contains("timestamp too far");

		String letters = "/api/usage?serviceIds=1,abc";
		HttpResponse<String> bad = get(worker, letters, signed(API_SECRET, letters));
		assertThat(bad.statusCode()).isEqualTo(400);
		assertThat(bad.body()).contains("serviceIds must be positive whole numbers").contains("abc");
		String none = "/api/usage";
		assertThat(get(worker, none, signed(API_SECRET, none)).statusCode()).isEqualTo(400);
	}

	private static Map<String, String> signed(String secret, String target) {
		return signed(secret, target, Instant.now());
	}

	private static Map<String, String> signed(String secret, String target, Instant at) {
		long timestamp = at.getEpochSecond();
		return Map.of(RequestSignature.TIMESTAMP_HEADER, Long.toString(timestamp), RequestSignature.SIGNATURE_HEADER,
				RequestSignature.sign(secret, timestamp, target.getBytes(StandardCharsets.UTF_8)));
	}

}
