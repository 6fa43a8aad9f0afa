package io.emabridge.publisher.kafka;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.emabridge.publisher.Events;
import io.emabridge.publisher.GatewayApplication;
import io.emabridge.publisher.GatewayClient;
import io.emabridge.publisher.GatewayClient.Answer;
import io.emabridge.testsupport.TestNames;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gateway whose Kafka never answers (a closed port), with short timeouts. The shared
 * broker stays untouched.
 */
class KafkaUnavailableTests {

	private static final String SECRET = "unavailable-test-secret";

	private static ConfigurableApplicationContext gateway;

	private static GatewayClient client;

	@BeforeAll
	static void startGatewayWithoutKafka() {
		gateway = new SpringApplicationBuilder(GatewayApplication.class).run("--server.port=0",
				"--spring.kafka.bootstrap-servers=127.0.0.1:1", "--ema.gateway.secrets=" + SECRET,
				"--ema.gateway.create-topics=false", "--ema.gateway.publish-timeout=1500ms",
				"--ema.gateway.retry-after=7s", "--ema.gateway.health-timeout=500ms",
				"--ema.gateway.topic=" + TestNames.topic("unreachable"));
		int port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
		client = new GatewayClient(port, SECRET);
	}

	@AfterAll
	static void stopGateway() {
		if (gateway != null) {
			gateway.close();
		}
	}

	@Test
	void eventIsAnswered503WithRetryAfterWithinTheBoundedTime() {
		long started = System.nanoTime();

		Answer answer = client.postEvent(Events.create(TestNames.serviceId()));

		Duration took = Duration.ofNanos(System.nanoTime() - started);
		assertThat(answer.status()).as(answer.toString()).isEqualTo(503);
		assertThat(answer.header("Retry-After")).isEqualTo("7");
		assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
		assertThat(answer.json().get("status").asInt()).isEqualTo(503);
		assertThat(took).isLessThan(Duration.ofSeconds(5));
	}

	@Test
	void invalidEventIsStill400() {
		Answer answer = client.postEvent("{}".getBytes());

		assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
	}

	@Test
	void healthIsDownWithKafkaDown() {
		Answer answer = client.get("/actuator/health");

		assertThat(answer.status()).as(answer.toString()).isEqualTo(503);
		assertThat(answer.json().get("components").get("kafka").get("status").asString()).isEqualTo("DOWN");
	}

	@Test
	void signedPingAnswersWithKafkaDown() {
		Answer answer = client.send(client.signed(client.request("/api/whmcs/ping"), new byte[0]).GET());

		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
		assertThat(answer.json().get("kafka").asString()).isEqualTo("down");
	}

}
