package io.emabridge.provisioning.drift;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worker's HTTP endpoints as the reconcile tests call them: admin calls with a bearer
 * token, and reports read as JSON.
 */
final class AdminCalls {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private AdminCalls() {
	}

	static String baseUrl(ConfigurableApplicationContext worker) {
		return "http://127.0.0.1:" + worker.getEnvironment().getProperty("local.server.port");
	}

	static HttpResponse<String> get(String url, String bearer) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	static HttpResponse<String> post(String url, String bearer) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(120))
			.POST(HttpRequest.BodyPublishers.noBody());
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	static HttpResponse<String> postJson(String url, String bearer, String body)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(120))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	static JsonNode json(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	/** The report's drifts as {@code kind serviceId remedy}, {@code -} for no service. */
	static List<String> drifts(JsonNode report) {
		List<String> drifts = new ArrayList<>();
		report.get("drifts")
			.forEach((drift) -> drifts.add(drift.get("kind").asString() + " "
					+ (drift.get("serviceId").isNull() ? "-" : drift.get("serviceId").asString()) + " "
					+ drift.get("remedy").asString()));
		return drifts;
	}

}
