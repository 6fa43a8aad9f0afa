package io.emabridge.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for the sandbox tests: real requests with {@link HttpClient}. */
public final class TestHttp {

	public static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient CLIENT = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private TestHttp() {
	}

	public static Response get(String url, String bearer) throws IOException {
		return send("GET", url, bearer, null);
	}

	public static Response get(String url) throws IOException {
		return send("GET", url, null, null);
	}

	/** Sends a request with an optional bearer key and an optional JSON body. */
	public static Response send(String method, String url, String bearer, String jsonBody) throws IOException {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(10))
			.header("Accept", "application/json")
			.method(method, (jsonBody != null) ? HttpRequest.BodyPublishers.ofString(jsonBody)
					: HttpRequest.BodyPublishers.noBody());
		if (jsonBody != null) {
			builder.header("Content-Type", "application/json");
		}
		if (bearer != null) {
			builder.header("Authorization", "Bearer " + bearer);
		}
		return execute(builder.build());
	}

	/** Posts a form-encoded body. */
	/**
	 * Posts a form; to the WHMCS API ({@code /includes/api.php}) it adds the sandbox's
	 * default {@code accesskey} unless the form has one (an empty one is left out), as
	 * every caller from an address WHMCS has not allow-listed must.
	 */
	public static Response postForm(String url, Map<String, String> form) throws IOException {
		Map<String, String> fields = new java.util.LinkedHashMap<>(form);
		if (url.endsWith("/includes/api.php")) {
			fields.putIfAbsent("accesskey", io.emabridge.sandbox.whmcs.WhmcsSandboxOptions.DEFAULT_ACCESS_KEY);
			fields.remove("accesskey", "");
		}
		String body = fields.entrySet()
			.stream()
			.map((e) -> encode(e.getKey()) + "=" + encode(e.getValue()))
			.collect(Collectors.joining("&"));
		return postRawForm(url, body);
	}

	public static Response postRawForm(String url, String encodedBody) throws IOException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(encodedBody))
			.build();
		return execute(request);
	}

	public static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static Response execute(HttpRequest request) throws IOException {
		try {
			HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.headers(), response.body());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted", ex);
		}
	}

	/** For lambdas that cannot throw checked exceptions. */
	public static Response unchecked(IoCall call) {
		try {
			return call.run();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A response with its body as text and, when it parses, as JSON. */
	public record Response(int status, HttpHeaders headers, String body) {
		public JsonNode json() {
			return JSON.readTree(this.body);
		}
	}

	@FunctionalInterface
	public interface IoCall {

		Response run() throws IOException;

	}

}
