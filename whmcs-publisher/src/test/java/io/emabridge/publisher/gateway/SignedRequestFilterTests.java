package io.emabridge.publisher.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.emabridge.model.signing.RequestSignature;
import io.emabridge.publisher.Events;
import io.emabridge.publisher.GatewayClient.Answer;
import io.emabridge.publisher.GatewayIntegrationTests;
import io.emabridge.testsupport.TestNames;

import static org.assertj.core.api.Assertions.assertThat;

class SignedRequestFilterTests extends GatewayIntegrationTests {

	static Stream<Arguments> forgedRequests() {
		return Stream.of(Arguments.of("no signature headers", (Forgery) (request, body) -> request),
				Arguments.of("timestamp only",
						(Forgery) (request, body) -> request.header(RequestSignature.TIMESTAMP_HEADER, "" + now())),
				Arguments.of("wrong secret", (Forgery) (request, body) -> sign(request, "not-the-secret", now(), body)),
				Arguments.of("signature of another body",
						(Forgery) (request, body) -> sign(request, SECRET, now(),
								"{}".getBytes(StandardCharsets.UTF_8))),
				Arguments.of("signature without prefix",
						(Forgery) (request, body) -> request.header(RequestSignature.TIMESTAMP_HEADER, "" + now())
							.header(RequestSignature.SIGNATURE_HEADER,
									RequestSignature.sign(SECRET, now(), body).substring("sha256=".length()))),
				Arguments.of("signature not hex",
						(Forgery) (request, body) -> request.header(RequestSignature.TIMESTAMP_HEADER, "" + now())
							.header(RequestSignature.SIGNATURE_HEADER, "sha256=zz")),
				Arguments.of("timestamp not a number",
						(Forgery) (request, body) -> request.header(RequestSignature.TIMESTAMP_HEADER, "yesterday")
							.header(RequestSignature.SIGNATURE_HEADER, RequestSignature.sign(SECRET, now(), body))),
				Arguments.of("timestamp too old",
						(Forgery) (request, body) -> sign(request, SECRET, now() - 310, body)),
				Arguments.of("timestamp too far ahead",
						(Forgery) (request, body) -> sign(request, SECRET, now() + 310, body)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("forgedRequests")
	void requestWithoutValidSignatureIsRefusedWith401AndNotPublished(String description, Forgery forgery) {
		long before = recordsOnTopic();
		byte[] body = Events.create(TestNames.serviceId());

		Answer answer = this.client.send(forgery.apply(this.client.request("/api/whmcs/events"), body)
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofByteArray(body)));

		assertThat(answer.status()).as(answer.toString()).isEqualTo(401);
		assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
		assertThat(answer.json().get("detail").asString()).isNotBlank();
		assertThat(answer.body()).doesNotContain(SECRET).doesNotContain(PREVIOUS_SECRET);
		assertNothingPublishedSince(before);
	}

	@Test
	void everyCurrentSecretIsAcceptedWhileRotating() {
		long now = Instant.now().getEpochSecond();
		for (String secret : new String[] { SECRET, PREVIOUS_SECRET }) {
			byte[] body = Events.create(TestNames.serviceId());

			Answer answer = this.client.send(sign(this.client.request("/api/whmcs/events"), secret, now, body)
				.header("Content-Type", "application/json")
				.POST(BodyPublishers.ofByteArray(body)));

			assertThat(answer.status()).as(answer.toString()).isEqualTo(202);
		}
	}

	@Test
	void timestampWithinToleranceIsAccepted() {
		byte[] body = Events.create(TestNames.serviceId());

		Answer answer = this.client
			.send(sign(this.client.request("/api/whmcs/events"), SECRET, Instant.now().getEpochSecond() - 240, body)
				.header("Content-Type", "application/json")
				.POST(BodyPublishers.ofByteArray(body)));

		assertThat(answer.status()).as(answer.toString()).isEqualTo(202);
	}

	@Test
	void signedPingReportsKafkaUp() {
		Answer answer = this.client.send(this.client.signed(this.client.request("/api/whmcs/ping"), new byte[0]).GET());

		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
		assertThat(answer.json().get("status").asString()).isEqualTo("ok");
		assertThat(answer.json().get("kafka").asString()).isEqualTo("up");
	}

	@Test
	void unsignedPingIsRefusedWith401() {
		Answer answer = this.client.get("/api/whmcs/ping");

		assertThat(answer.status()).as(answer.toString()).isEqualTo(401);
		assertThat(answer.header("WWW-Authenticate")).isNotBlank();
	}

	@Test
	void pingSignedWithAWrongSecretIsRefusedWith401() {
		Answer answer = this.client
			.send(sign(this.client.request("/api/whmcs/ping"), "guessed", Instant.now().getEpochSecond(), new byte[0])
				.GET());

		assertThat(answer.status()).as(answer.toString()).isEqualTo(401);
	}

	@Test
	void unsignedRequestsAnywhereUnderTheApiAreRefused() {
		assertThat(this.client.get("/api/whmcs/nothing").status()).isEqualTo(401);
		assertThat(this.client.get("/api/whmcs/events").status()).isEqualTo(401);
	}

	@Test
	void hugeDeclaredLengthIsRefusedWithoutWaitingForTheBody() throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /api/whmcs/events HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
					+ "Content-Length: 1000000000\r\n\r\n{")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			String statusLine = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
			assertThat(statusLine).isEqualTo("HTTP/1.1 413");
		}
	}

	@Test
	void brokenChunkedEncodingIsRefusedWith400() throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /api/whmcs/events HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
					+ "Transfer-Encoding: chunked\r\n\r\nzz-not-a-size\r\n{}\r\n0\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			String statusLine = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
			assertThat(statusLine).isEqualTo("HTTP/1.1 400");
		}
	}

	private static long now() {
		return Instant.now().getEpochSecond();
	}

	private static HttpRequest.Builder sign(HttpRequest.Builder request, String secret, long timestamp, byte[] body) {
		return request.header(RequestSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
			.header(RequestSignature.SIGNATURE_HEADER, RequestSignature.sign(secret, timestamp, body));
	}

	interface Forgery {

		HttpRequest.Builder apply(HttpRequest.Builder request, byte[] body);

	}

}
