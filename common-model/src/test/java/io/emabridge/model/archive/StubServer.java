package io.emabridge.model.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An HTTP server on a free port that answers every request with whatever the test's
 * handler returns, and keeps the requests it saw: enough to pin how a client reads each
 * answer shape without the full sandboxes.
 */
public final class StubServer implements AutoCloseable {

	private final HttpServer server;

	private final List<Seen> seen = new CopyOnWriteArrayList<>();

	private volatile Function<Seen, Answer> handler = (request) -> Answer.json(200, "{}");

	public StubServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.setExecutor(Executors.newCachedThreadPool((r) -> {
			Thread thread = new Thread(r, "stub-server");
			thread.setDaemon(true);
			return thread;
		}));
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	public void answer(Function<Seen, Answer> answer) {
		this.handler = answer;
	}

	public List<Seen> requests() {
		return List.copyOf(this.seen);
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			Seen request = new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
					exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders().getFirst("Authorization"),
					exchange.getRequestHeaders().getFirst("Content-Type"),
					new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
			this.seen.add(request);
			Answer answer = this.handler.apply(request);
			if (answer == null) {
				return; // closes the connection without an answer
			}
			answer.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
			byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(answer.status(), (body.length == 0) ? -1 : body.length);
			if (body.length > 0) {
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			}
		}
	}

	/** A request as the stub saw it. */
	public record Seen(String method, String path, String query, String authorization, String contentType,
			String body) {
	}

	/** What to answer. */
	public record Answer(int status, String body, Map<String, String> headers) {

		public static Answer json(int status, String body) {
			return new Answer(status, body, Map.of("Content-Type", "application/json"));
		}

		public Answer withHeader(String name, String value) {
			Map<String, String> all = new java.util.HashMap<>(this.headers);
			all.put(name, value);
			return new Answer(this.status, this.body, all);
		}
	}

}
