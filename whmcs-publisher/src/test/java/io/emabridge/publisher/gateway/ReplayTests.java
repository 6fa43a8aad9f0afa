package io.emabridge.publisher.gateway;

import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.emabridge.model.signing.RequestSignature;
import io.emabridge.publisher.Events;
import io.emabridge.publisher.GatewayClient.Answer;
import io.emabridge.publisher.GatewayIntegrationTests;
import io.emabridge.testsupport.TestNames;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayTests extends GatewayIntegrationTests {

	@Test
	void theSameSignedRequestAgainIsAnsweredAsBeforeAndNotPublishedAgain() {
		byte[] body = Events.create(TestNames.serviceId());
		long timestamp = Instant.now().getEpochSecond();
		long before = recordsOnTopic();

		Answer first = this.client.send(signedAt(timestamp, body));
		Answer replay = this.client.send(signedAt(timestamp, body));

		assertThat(first.status()).as(first.toString()).isEqualTo(202);
		assertThat(replay.status()).as(replay.toString()).isEqualTo(202);
		assertThat(replay.body()).isEqualTo(first.body());
		assertThat(recordsOnTopic() - before).isEqualTo(1);
	}

	@Test
	void theSameEventSignedAgainIsPublishedAgainForTheWorkersToSkip() {
		byte[] body = Events.create(TestNames.serviceId());
		long now = Instant.now().getEpochSecond();
		long before = recordsOnTopic();

		Answer first = this.client.send(signedAt(now - 5, body));
		Answer retry = this.client.send(signedAt(now, body));

		assertThat(first.status()).isEqualTo(202);
		assertThat(retry.status()).isEqualTo(202);
		assertThat(retry.json().get("offset").asLong()).isNotEqualTo(first.json().get("offset").asLong());
		assertThat(recordsOnTopic() - before).isEqualTo(2);
	}

	@Test
	void aReplayAfterTheToleranceIsRefused() {
		byte[] body = Events.create(TestNames.serviceId());
		long before = recordsOnTopic();

		Answer replay = this.client.send(signedAt(Instant.now().getEpochSecond() - 301, body));

		assertThat(replay.status()).isEqualTo(401);
		assertNothingPublishedSince(before);
	}

	@Test
	void everyVariantOfACapturedRequestIsAnsweredAsTheFirstAndPublishedOnce() {
		byte[] body = Events.create(TestNames.serviceId());
		long timestamp = Instant.now().getEpochSecond();
		long before = recordsOnTopic();

		List<Answer> answers = variants(timestamp, body).stream().map(this.client::send).toList();

		assertThat(answers).allSatisfy((answer) -> assertThat(answer.status()).as(answer.toString()).isEqualTo(202));
		assertThat(answers).extracting(Answer::body).containsOnly(answers.get(0).body());
		assertThat(recordsOnTopic() - before).isEqualTo(1);
	}

	@Test
	void variantsOfOneRequestRacingInParallelArePublishedOnce() throws Exception {
		int rounds = 5;
		long before = recordsOnTopic();
		ExecutorService senders = Executors.newFixedThreadPool(16);
		try {
			for (int round = 0; round < rounds; round++) {
				byte[] body = Events.create(TestNames.serviceId());
				List<HttpRequest.Builder> requests = new ArrayList<>(variants(Instant.now().getEpochSecond(), body));
				requests.addAll(List.copyOf(requests));
				CountDownLatch start = new CountDownLatch(1);
				List<Future<Answer>> sent = new ArrayList<>();
				for (HttpRequest.Builder request : requests) {
					sent.add(senders.submit(() -> {
						start.await();
						return this.client.send(request.copy());
					}));
				}
				start.countDown();
				List<Answer> answers = new ArrayList<>();
				for (Future<Answer> answer : sent) {
					answers.add(answer.get(30, TimeUnit.SECONDS));
				}

				assertThat(answers)
					.allSatisfy((answer) -> assertThat(answer.status()).as(answer.toString()).isEqualTo(202));
				assertThat(answers).extracting(Answer::body).containsOnly(answers.get(0).body());
			}
		}
		finally {
			senders.shutdownNow();
		}

		assertThat(recordsOnTopic() - before).isEqualTo(rounds);
	}

	/**
	 * The same signed request as a proxy or an attacker may pass it on: every one of them
	 * passes the signature check.
	 */
	private List<HttpRequest.Builder> variants(long timestamp, byte[] body) {
		String signature = RequestSignature.sign(SECRET, timestamp, body);
		String prefix = "sha256=";
		String hex = signature.substring(prefix.length());
		StringBuilder mixed = new StringBuilder(hex);
		for (int i = 0; i < mixed.length(); i += 2) {
			mixed.setCharAt(i, Character.toUpperCase(mixed.charAt(i)));
		}
		List<String> signatures = List.of(signature, prefix + hex.toUpperCase(Locale.ROOT), prefix + mixed,
				" " + signature + " ", "\t" + prefix + hex.toUpperCase(Locale.ROOT) + "\t");
		List<HttpRequest.Builder> variants = new ArrayList<>();
		for (String variant : signatures) {
			variants.add(post(body).header(RequestSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
				.header(RequestSignature.SIGNATURE_HEADER, variant));
		}
		variants.add(post(body).header(RequestSignature.TIMESTAMP_HEADER, "0" + timestamp)
			.header(RequestSignature.SIGNATURE_HEADER, signature));
		variants.add(post(body).header(RequestSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
			.header(RequestSignature.SIGNATURE_HEADER, signature)
			.header(RequestSignature.SIGNATURE_HEADER, prefix + "00"));
		return variants;
	}

	private HttpRequest.Builder post(byte[] body) {
		return this.client.request("/api/whmcs/events")
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofByteArray(body));
	}

	private HttpRequest.Builder signedAt(long timestamp, byte[] body) {
		return this.client.signed(this.client.request("/api/whmcs/events"), SECRET, timestamp, body)
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofByteArray(body));
	}

}
