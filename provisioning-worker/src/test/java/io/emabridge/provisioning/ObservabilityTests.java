package io.emabridge.provisioning;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import io.emabridge.provisioning.ledger.ServiceStatus;
import io.emabridge.provisioning.support.Events;
import io.emabridge.testsupport.TestNames;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guarantee 7: health with database and Kafka, Prometheus metrics, and nothing else
 * exposed.
 */
class ObservabilityTests extends WorkerIntegrationTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void exposesHealthWithDatabaseAndKafkaAndThePrometheusMetrics() throws Exception {
		ConfigurableApplicationContext worker = startWorker(
				Map.of("spring.main.web-application-type", "servlet", "server.port", 0));
		String base = "http://127.0.0.1:" + worker.getEnvironment().getProperty("local.server.port");
		long id = TestNames.serviceId();
		send(Events.create(id, Instant.now().truncatedTo(ChronoUnit.MICROS), "Seen " + id));
		awaitSettled(id, ServiceStatus.ACTIVE);

		HttpResponse<String> health = get(base + "/actuator/health");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"", "\"db\"", "\"kafka\"");

		HttpResponse<String> prometheus = get(base + "/actuator/prometheus");
		assertThat(prometheus.statusCode()).isEqualTo(200);
		assertThat(prometheus.body()).contains("ema_events_total{outcome=\"applied\",type=\"service.create\"} 1.0",
				"ema_events_total{outcome=\"dead_lettered\",type=\"service.suspend\"} 0.0",
				"ema_archive_request_seconds_bucket{operation=\"create\",status=\"2xx\"",
				"ema_whmcs_request_seconds_count{operation=\"UpdateClientProduct\",status=\"2xx\"} 1",
				"ema_dead_letters_total{reason=\"archive_unauthorized\"} 0.0", "ema_tenants_total{how=\"created\"} 1.0",
				"ema_applier_in_flight", "kafka_consumer_fetch_manager_records_lag", "ema_ledger_services_due 0.0",
				"ema_ledger_oldest_due_seconds 0.0", "ema_consumers_paused 0.0", "ema_archive_rate_limit{key=",
				"ema_archive_rate_limited_total{key=", "ema_archive_rate_limit_instances{key=",
				"# HELP ema_archive_circuit_state ");
		// each reseller account's circuit and key check, tagged with its key's
		// fingerprint
		assertThat(prometheus.body())
			.containsPattern("ema_archive_circuit_state\\{key=\"[0-9a-f]{8}\",state=\"closed\"} 1.0")
			.containsPattern("ema_archive_circuit_state\\{key=\"[0-9a-f]{8}\",state=\"open\"} 0.0")
			.containsPattern("ema_archive_circuit_transitions_total\\{key=\"[0-9a-f]{8}\",to=\"open\"} 0.0")
			.containsPattern("ema_archive_auth_failing\\{key=\"[0-9a-f]{8}\"} 0.0");
		assertThat(prometheus.body()).as("the API key never appears").doesNotContain("sandbox-key");

		assertThat(get(base + "/actuator/env").statusCode()).isEqualTo(404);
		assertThat(get(base + "/actuator/beans").statusCode()).isEqualTo(404);
	}

	private HttpResponse<String> get(String url) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
	}

}
