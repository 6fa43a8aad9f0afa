package io.emabridge.sandbox.whmcs;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.emabridge.model.lifecycle.LifecycleEvent;
import io.emabridge.model.lifecycle.LifecycleEventJson;
import io.emabridge.model.lifecycle.ServiceCreated;
import io.emabridge.model.lifecycle.ServiceSuspended;
import io.emabridge.model.signing.RequestSignature;
import io.emabridge.sandbox.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * With a module gateway, a module command runs our module's function as WHMCS runs it:
 * the lifecycle event is posted, signed, to a real HTTP server standing in for the event
 * gateway, and only its acknowledgement changes the service; a refusal or no answer is
 * the module's error, which the API answers as WHMCS does.
 */
class WhmcsSandboxModuleGatewayTests {

	private static final String SECRET = "module-test-secret";

	@Test
	void anAcceptedCreateIsSignedWithTheSecretAndChangesTheStatus() throws IOException {
		try (Gateway gateway = Gateway.answering(202, "{\"eventId\":\"x\",\"partition\":0,\"offset\":7}", Map.of());
				WhmcsSandbox sandbox = WhmcsSandbox
					.start(WhmcsSandboxOptions.defaults().withModuleGateway(gateway.url(), SECRET))) {
			sandbox.putService(WhmcsService.of(5, 9).withStatus("Pending").withDomain("acme.example"));

			assertThat(call(sandbox, "ModuleCreate", "serviceid", "5").get("result").asString()).isEqualTo("success");

			assertThat(gateway.received()).hasSize(1);
			Received request = gateway.received().get(0);
			assertThat(request.path()).isEqualTo("/api/whmcs/events");
			assertThat(request.contentType()).isEqualTo("application/json");
			assertThat(RequestSignature.verify(List.of(SECRET), request.timestamp(), request.signature(),
					request.body(), Instant.now(), Duration.ofMinutes(5)))
				.isEqualTo(RequestSignature.Verdict.VALID);
			// the JSON the PHP module's EventBuilder makes for this service: valid
			// against
			// the schema the gateway checks
			assertThat(LifecycleEventJson.validate(request.body())).isEmpty();
			LifecycleEvent event = LifecycleEventJson.read(request.body());
			assertThat(event).isInstanceOfSatisfying(ServiceCreated.class, (create) -> {
				assertThat(create.serviceId()).isEqualTo(5);
				assertThat(create.clientId()).isEqualTo(9);
				assertThat(create.productId()).isEqualTo(1);
				assertThat(create.serverId()).isEqualTo(1);
				assertThat(create.domain()).isEqualTo("acme.example");
				assertThat(create.options().autoGenerateSlug()).isTrue();
			});
			assertThat(sandbox.service(5).orElseThrow().status()).isEqualTo("Active");
			assertThat(sandbox.activityLog()).extracting(WhmcsActivity::description)
				.containsExactly("Module Create Successful - Service ID: 5");
		}
	}

	@Test
	void aSuspendCarriesItsReasonAndEachCommandItsOwnEvent() throws IOException {
		try (Gateway gateway = Gateway.answering(202, "{}", Map.of());
				WhmcsSandbox sandbox = WhmcsSandbox
					.start(WhmcsSandboxOptions.defaults().withModuleGateway(gateway.url() + "/", SECRET))) {
			sandbox.putService(WhmcsService.of(6, 9));

			call(sandbox, "ModuleSuspend", "serviceid", "6", "suspendreason", "Overdue on Invoice");
			call(sandbox, "ModuleUnsuspend", "serviceid", "6");
			call(sandbox, "ModuleTerminate", "serviceid", "6");

			List<LifecycleEvent> events = gateway.received()
				.stream()
				.map((r) -> LifecycleEventJson.read(r.body()))
				.toList();
			assertThat(events).extracting((e) -> e.type().wireName())
				.containsExactly("service.suspend", "service.unsuspend", "service.terminate");
			assertThat(((ServiceSuspended) events.get(0)).suspendReason()).isEqualTo("Overdue on Invoice");
			assertThat(events).extracting(LifecycleEvent::eventId).doesNotHaveDuplicates();
			assertThat(gateway.received()).extracting(Received::path).containsOnly("/api/whmcs/events");
			assertThat(sandbox.service(6).orElseThrow().status()).isEqualTo("Terminated");
		}
	}

	@Test
	void aGatewayWithoutKafkaIsTheModulesErrorAndChangesNothing() throws IOException {
		try (Gateway gateway = Gateway.answering(503, "{\"title\":\"Service Unavailable\"}",
				Map.of("Retry-After", "30"));
				WhmcsSandbox sandbox = WhmcsSandbox
					.start(WhmcsSandboxOptions.defaults().withModuleGateway(gateway.url(), SECRET))) {
			sandbox.putService(WhmcsService.of(7, 9).withStatus("Pending"));

			JsonNode answer = call(sandbox, "ModuleCreate", "serviceid", "7");

			String message = "Event gateway cannot reach Kafka right now (HTTP 503, retry after 30 s);"
					+ " the action stays in the Module Queue — retry in a few minutes";
			assertThat(answer.toString()).isEqualTo("{\"result\":\"error\",\"message\":\"" + message + "\"}");
			assertThat(sandbox.service(7).orElseThrow().status()).isEqualTo("Pending");
			assertThat(sandbox.activityLog()).extracting(WhmcsActivity::description)
				.containsExactly("Module Create Failed - Service ID: 7 - Error: " + message);
		}
	}

	@Test
	void anUnreachableGatewayIsTheModulesErrorAndChangesNothing() throws IOException {
		String url = "http://127.0.0.1:" + unusedPort();
		try (WhmcsSandbox sandbox = WhmcsSandbox.start(WhmcsSandboxOptions.defaults().withModuleGateway(url, SECRET))) {
			sandbox.putService(WhmcsService.of(8, 9));

			JsonNode answer = call(sandbox, "ModuleSuspend", "serviceid", "8");

			assertThat(answer.get("result").asString()).isEqualTo("error");
			assertThat(answer.get("message").asString())
				.startsWith("Event gateway unreachable at " + url + "/api/whmcs/events: ")
				.endsWith("; the action stays in the Module Queue — retry when the gateway is up");
			assertThat(sandbox.service(8).orElseThrow().status()).isEqualTo("Active");
			assertThat(sandbox.activityLog()).extracting(WhmcsActivity::description)
				.singleElement()
				.asString()
				.startsWith("Module Suspend Failed - Service ID: 8 - Error: Event gateway unreachable at ");
		}
	}

	@Test
	void refusalsAreWordedAsTheModuleWordsThem() throws IOException {
		Map<Integer, String> bodies = new LinkedHashMap<>();
		bodies.put(400,
				"{\"detail\":\"invalid\",\"errors\":[{\"field\":\"/domain\",\"message\":\"contains U+0000\"}]}");
		bodies.put(401, "{\"detail\":\"signature does not match (check the shared secret)\"}");
		bodies.put(413, "");
		bodies.put(500, "{\"detail\":\"boom\"}");
		Map<Integer, String> expected = Map.of(400,
				"Event rejected as invalid by the gateway: /domain: contains U+0000; fix the service or product data,"
						+ " then retry from the Module Queue",
				401,
				"Gateway rejected the signature: check the shared secret (Access Hash) and the WHMCS server clock"
						+ " (gateway said: signature does not match (check the shared secret))",
				413, "Event too large for the gateway (HTTP 413); shorten the service's long fields, then retry", 500,
				"Unexpected answer from the event gateway at %s/api/whmcs/events: HTTP 500 (gateway said: boom);"
						+ " the action stays in the Module Queue — retry later");
		for (Map.Entry<Integer, String> refusal : bodies.entrySet()) {
			try (Gateway gateway = Gateway.answering(refusal.getKey(), refusal.getValue(), Map.of());
					WhmcsSandbox sandbox = WhmcsSandbox
						.start(WhmcsSandboxOptions.defaults().withModuleGateway(gateway.url(), SECRET))) {
				sandbox.putService(WhmcsService.of(9, 9).withStatus("Pending"));

				JsonNode answer = call(sandbox, "ModuleCreate", "serviceid", "9");

				assertThat(answer.get("message").asString()).as("HTTP " + refusal.getKey())
					.isEqualTo(expected.get(refusal.getKey()).formatted(gateway.url()));
				assertThat(sandbox.service(9).orElseThrow().status()).isEqualTo("Pending");
			}
		}
	}

	@Test
	void withoutAModuleGatewayACommandOnlyChangesTheStatus() throws IOException {
		try (WhmcsSandbox sandbox = WhmcsSandbox.start()) {
			sandbox.putService(WhmcsService.of(10, 9).withStatus("Pending"));
			assertThat(call(sandbox, "ModuleCreate", "serviceid", "10").get("result").asString()).isEqualTo("success");
			assertThat(sandbox.service(10).orElseThrow().status()).isEqualTo("Active");
			assertThat(sandbox.options().moduleGateway()).isNull();
		}
	}

	@Test
	void aModuleGatewayNeedsAnHttpUrlAndItsSecretWhichItNeverShows() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> WhmcsSandboxOptions.defaults().withModuleGateway("http://127.0.0.1:8080", " "))
			.withMessageContaining("secret");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> WhmcsSandboxOptions.defaults().withModuleGateway("ftp://gateway", SECRET))
			.withMessageContaining("http");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> WhmcsSandboxOptions.defaults().withModuleGateway("not a url", SECRET));
		WhmcsSandboxOptions options = WhmcsSandboxOptions.defaults().withModuleGateway("http://gw:8080/", SECRET);
		assertThat(options.moduleGateway().url()).isEqualTo("http://gw:8080");
		assertThat(options.toString()).doesNotContain(SECRET);
		assertThat(options.withModuleGateway(null, null).moduleGateway()).isNull();
	}

	private static JsonNode call(WhmcsSandbox sandbox, String action, String... fields) throws IOException {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("identifier", "sandbox");
		form.put("secret", "sandbox");
		form.put("action", action);
		form.put("responsetype", "json");
		for (int i = 0; i < fields.length; i += 2) {
			form.put(fields[i], fields[i + 1]);
		}
		TestHttp.Response response = TestHttp.postForm(sandbox.apiUrl(), form);
		assertThat(response.status()).isEqualTo(200);
		return response.json();
	}

	/** A port nothing listens on: bound for a moment, then released. */
	private static int unusedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	/** One request as the gateway stand-in received it. */
	private record Received(String path, String contentType, String timestamp, String signature, byte[] body) {
	}

	/** A real HTTP server standing in for the event gateway, with one fixed answer. */
	private static final class Gateway implements AutoCloseable {

		private final HttpServer server;

		private final List<Received> received = new CopyOnWriteArrayList<>();

		private Gateway(int status, String body, Map<String, String> headers) throws IOException {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			this.server.createContext("/", (exchange) -> {
				byte[] request = exchange.getRequestBody().readAllBytes();
				this.received.add(new Received(exchange.getRequestURI().getPath(),
						exchange.getRequestHeaders().getFirst("Content-Type"),
						exchange.getRequestHeaders().getFirst(RequestSignature.TIMESTAMP_HEADER),
						exchange.getRequestHeaders().getFirst(RequestSignature.SIGNATURE_HEADER), request));
				byte[] answer = body.getBytes(StandardCharsets.UTF_8);
				headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
				exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
				exchange.sendResponseHeaders(status, (answer.length == 0) ? -1 : answer.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(answer);
				}
			});
			this.server.start();
		}

		static Gateway answering(int status, String body, Map<String, String> headers) throws IOException {
			return new Gateway(status, body, headers);
		}

		String url() {
			return "http://127.0.0.1:" + this.server.getAddress().getPort();
		}

		List<Received> received() {
			return this.received;
		}

		@Override
		public void close() {
			this.server.stop(0);
		}

	}

}
