package io.emabridge.publisher.gateway;

import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Instant;

import org.junit.jupiter.api.Test;

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

	private HttpRequest.Builder signedAt(long timestamp, byte[] body) {
		return this.client.signed(this.client.request("/api/whmcs/events"), SECRET, timestamp, body)
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofByteArray(body));
	}

}
