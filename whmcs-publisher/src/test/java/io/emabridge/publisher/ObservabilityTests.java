package io.emabridge.publisher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.emabridge.publisher.GatewayClient.Answer;
import io.emabridge.testsupport.Promtool;
import io.emabridge.testsupport.TestNames;

import static org.assertj.core.api.Assertions.assertThat;

class ObservabilityTests extends GatewayIntegrationTests {

	@Test
	void healthIsOpenAndIncludesKafka() {
		Answer answer = this.client.get("/actuator/health");

		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
		assertThat(answer.json().get("status").asString()).isEqualTo("UP");
		assertThat(answer.json().get("components").get("kafka").get("status").asString()).isEqualTo("UP");
	}

	@Test
	void prometheusIsOpenAndShowsRequestsByOutcomeAndAckLatency() {
		this.client.postEvent(Events.create(TestNames.serviceId()));
		this.client.get("/api/whmcs/ping");

		Answer answer = this.client.get("/actuator/prometheus");

		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
		assertThat(answer.body()).contains("ema_gateway_requests_total{outcome=\"accepted\"}")
			.contains("ema_gateway_requests_total{outcome=\"unauthorized\"}")
			.contains("ema_gateway_requests_total{outcome=\"invalid\"}")
			.contains("ema_gateway_requests_total{outcome=\"too_large\"}")
			.contains("ema_gateway_requests_total{outcome=\"unsupported_media_type\"}")
			.contains("ema_gateway_requests_total{outcome=\"unavailable\"}")
			.contains("ema_gateway_kafka_ack_seconds_bucket")
			.contains("ema_gateway_kafka_ack_seconds_count")
			.doesNotContain(SECRET)
			.doesNotContain(PREVIOUS_SECRET);
		assertThat(counter(answer.body(), "accepted")).isPositive();
		assertThat(counter(answer.body(), "unauthorized")).isPositive();
	}

	@Test
	void ourMetricsPassPromtool() {
		Promtool.assumeInstalled();
		this.client.postEvent(Events.create(TestNames.serviceId()));

		Promtool.Result result = Promtool.checkOurMetrics(this.client.get("/actuator/prometheus").body());

		assertThat(result.passed()).as(result.output()).isTrue();
	}

	@Test
	void libraryMetersKeepTheNamesCommunityDashboardsQuery() {
		this.client.postEvent(Events.create(TestNames.serviceId()));

		assertThat(this.client.get("/actuator/prometheus").body()).contains("jvm_memory_used_bytes{")
			.contains("process_cpu_usage ")
			.contains("kafka_producer_record_error_total");
	}

	@Test
	void infoIsOpen() {
		assertThat(this.client.get("/actuator/info").status()).isEqualTo(200);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/env", "/actuator/configprops", "/actuator/beans", "/actuator/heapdump",
			"/actuator/loggers", "/actuator/metrics" })
	void otherActuatorEndpointsAreNotExposed(String path) {
		Answer answer = this.client.get(path);

		assertThat(answer.status()).as(answer.toString()).isEqualTo(404);
		assertThat(answer.body()).doesNotContain(SECRET);
	}

	private static double counter(String scrape, String outcome) {
		String prefix = "ema_gateway_requests_total{outcome=\"" + outcome + "\"} ";
		return scrape.lines()
			.filter((line) -> line.startsWith(prefix))
			.mapToDouble((line) -> Double.parseDouble(line.substring(prefix.length()).trim()))
			.findFirst()
			.orElse(-1);
	}

}
