package io.emabridge.publisher.fuzz;

import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.emabridge.model.lifecycle.LifecycleEventJson;
import io.emabridge.model.signing.RequestSignature;
import io.emabridge.publisher.GatewayClient.Answer;
import io.emabridge.publisher.GatewayIntegrationTests;
import io.emabridge.publisher.fuzz.BadRequests.Request;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input against the running gateway: every request must get a 4xx unless it is a
 * correctly signed valid event, nothing that was refused may reach the topic, and the
 * gateway must stay healthy. The seed is printed; run one again with
 * {@code -Dema.fuzz.seed=<seed>}.
 */
class GatewayFuzzTests extends GatewayIntegrationTests {

	private static final int MAX_BODY_SIZE = 64 * 1024;

	@Test
	void hostileRequestsGetA4xxAndLeaveTheTopicAlone() {
		fuzz(Integer.getInteger("ema.fuzz.requests", 400));
	}

	@Test
	@Tag("slow")
	void manyHostileRequests() {
		fuzz(Integer.getInteger("ema.fuzz.requests", 20_000));
	}

	private void fuzz(int requests) {
		long seed = Long.getLong("ema.fuzz.seed", ThreadLocalRandom.current().nextLong());
		System.out.println("gateway fuzz: seed " + seed + ", " + requests + " requests");
		BadRequests generator = new BadRequests(seed, SECRET, MAX_BODY_SIZE);
		long before = recordsOnTopic();
		int published = 0;
		List<String> wrong = new ArrayList<>();

		for (int i = 0; i < requests; i++) {
			Request request = generator.next();
			Answer answer = this.client.send(build(request));
			int expected = expectedStatus(request);
			boolean right = (expected == 202) ? answer.status() == 202
					: answer.status() >= 400 && answer.status() < 500 && (expected == 0 || answer.status() == expected);
			if (!right) {
				wrong.add("#" + i + " " + request.mutation() + ": expected " + ((expected == 0) ? "4xx" : expected)
						+ ", got " + answer.status() + " " + abbreviate(answer.body()));
			}
			if (answer.status() == 202) {
				published++;
			}
		}

		assertThat(wrong).as("seed %d", seed).isEmpty();
		assertThat(recordsOnTopic() - before).as("records published, seed %d", seed).isEqualTo(published);
		Answer health = this.client.get("/actuator/health");
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.body()).contains("\"UP\"").doesNotContain(SECRET);
	}

	/**
	 * 202 for a correctly signed valid event, 401 for a bad signature, 413 when too
	 * large, 400 for text that cannot be stored, 0 for any other 4xx.
	 */
	private static int expectedStatus(Request request) {
		if (request.body().length > MAX_BODY_SIZE) {
			return request.signedCorrectly() ? 413 : 0;
		}
		if (!request.signedCorrectly()) {
			return 401;
		}
		if (request.mustBeRefused()) {
			return 400;
		}
		return LifecycleEventJson.validate(request.body()).isEmpty() ? 202 : 0;
	}

	private HttpRequest.Builder build(Request request) {
		HttpRequest.Builder builder = this.client.request("/api/whmcs/events")
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofByteArray(request.body()));
		if (request.timestamp() != null) {
			builder.header(RequestSignature.TIMESTAMP_HEADER, request.timestamp());
		}
		if (request.signature() != null) {
			builder.header(RequestSignature.SIGNATURE_HEADER, request.signature());
		}
		return builder;
	}

	private static String abbreviate(String text) {
		return (text.length() > 300) ? text.substring(0, 300) + "..." : text;
	}

}
