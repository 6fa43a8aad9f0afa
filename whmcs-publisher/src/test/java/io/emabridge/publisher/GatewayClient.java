package io.emabridge.publisher;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;

import tools.jackson.databind.JsonNode;

import io.emabridge.model.lifecycle.LifecycleEventJson;
import io.emabridge.model.signing.RequestSignature;

/** Talks to a running gateway over real HTTP, signing like the WHMCS module does. */
public final class GatewayClient {

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String baseUrl;

	private final String secret;

	public GatewayClient(int port, String secret) {
		this.baseUrl = "http://127.0.0.1:" + port;
		this.secret = secret;
	}

	/** A signed POST of a JSON body to the events endpoint. */
	public Answer postEvent(byte[] body) {
		return send(signed(request("/api/whmcs/events"), this.secret, Instant.now().getEpochSecond(), body)
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofByteArray(body)));
	}

	public HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(this.baseUrl + path)).timeout(Duration.ofSeconds(30));
	}

	public HttpRequest.Builder signed(HttpRequest.Builder request, String secret, long timestamp, byte[] body) {
		return request.header(RequestSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
			.header(RequestSignature.SIGNATURE_HEADER, RequestSignature.sign(secret, timestamp, body));
	}

	public HttpRequest.Builder signed(HttpRequest.Builder request, byte[] body) {
		return signed(request, this.secret, Instant.now().getEpochSecond(), body);
	}

	/** A body of unknown length, which the client sends chunked. */
	public static BodyPublisher chunked(byte[] body) {
		return BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
	}

	public Answer send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.http.send(request.build(), BodyHandlers.ofString());
			return new Answer(response);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public Answer get(String path) {
		return send(request(path).GET());
	}

	/** A response with its JSON body at hand. */
	public record Answer(HttpResponse<String> response) {

		public int status() {
			return this.response.statusCode();
		}

		public String body() {
			return this.response.body();
		}

		public String header(String name) {
			return this.response.headers().firstValue(name).orElse(null);
		}

		public JsonNode json() {
			return LifecycleEventJson.mapper().readTree(this.response.body());
		}

		@Override
		public String toString() {
			return this.response.statusCode() + " " + this.response.headers().map() + " " + this.response.body();
		}
	}

}
