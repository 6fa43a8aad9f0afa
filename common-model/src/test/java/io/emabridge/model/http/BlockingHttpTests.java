package io.emabridge.model.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BlockingHttpTests {

	private static final Duration CONNECT = Duration.ofSeconds(2);

	private final List<AutoCloseable> closing = new CopyOnWriteArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable closeable : this.closing) {
			closeable.close();
		}
	}

	@Test
	void sendsHeadersAndBodyAndReadsStatusBodyAndRetryAfter() throws Exception {
		List<String> seen = new CopyOnWriteArrayList<>();
		HttpServer server = server((exchange) -> {
			seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
					+ exchange.getRequestHeaders().getFirst("Authorization") + " "
					+ exchange.getRequestHeaders().getFirst("Content-Type") + " "
					+ new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
			exchange.getResponseHeaders().add("Retry-After", "7");
			answer(exchange, 429, "{\"message\":\"slow down\"}");
		});
		BlockingHttp http = new BlockingHttp(CONNECT, Duration.ofSeconds(5));

		BlockingHttp.Response response = http.send("POST", uri(server, "/api/x?page=2"),
				"{\"a\":1}".getBytes(StandardCharsets.UTF_8), "application/json", "Authorization", "Bearer k");

		assertThat(seen).containsExactly("POST /api/x?page=2 Bearer k application/json {\"a\":1}");
		assertThat(response.status()).isEqualTo(429);
		assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("{\"message\":\"slow down\"}");
		assertThat(response.retryAfter()).isEqualTo("7");
	}

	@Test
	void sendsAPutWithoutABodyWithAZeroLength() throws Exception {
		List<String> lengths = new CopyOnWriteArrayList<>();
		HttpServer server = server((exchange) -> {
			lengths.add(String.valueOf(exchange.getRequestHeaders().getFirst("Content-Length")));
			answer(exchange, 200, "{}");
		});

		new BlockingHttp(CONNECT, Duration.ofSeconds(5)).send("PUT", uri(server, "/t/suspend"), null, null);

		assertThat(lengths).containsExactly("0");
	}

	@Test
	void keepsTheConnectionForTheNextCall() throws Exception {
		List<Integer> clientPorts = new CopyOnWriteArrayList<>();
		HttpServer server = server((exchange) -> {
			clientPorts.add(exchange.getRemoteAddress().getPort());
			answer(exchange, 200, "{}");
		});
		BlockingHttp http = new BlockingHttp(CONNECT, Duration.ofSeconds(5));

		for (int i = 0; i < 3; i++) {
			assertThat(http.get(uri(server, "/t")).status()).isEqualTo(200);
		}

		assertThat(clientPorts).hasSize(3).containsOnly(clientPorts.get(0));
	}

	@Test
	void aRefusedConnectionIsOneThatWasNeverMade() throws Exception {
		int port;
		try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = closed.getLocalPort();
		}
		BlockingHttp http = new BlockingHttp(CONNECT, Duration.ofSeconds(5));

		assertThatThrownBy(() -> http.get(URI.create("http://127.0.0.1:" + port + "/t")))
			.isInstanceOf(ConnectException.class);
	}

	@Test
	void anUnknownHostIsAConnectionThatWasNeverMade() {
		BlockingHttp http = new BlockingHttp(CONNECT, Duration.ofSeconds(5));

		assertThatThrownBy(() -> http.get(URI.create("http://no-such-host.invalid/t")))
			.isInstanceOf(ConnectException.class)
			.hasMessageContaining("no-such-host.invalid");
	}

	@Test
	void noAnswerInTimeIsATimeoutButNotAConnectTimeout() throws Exception {
		// reads the request and never answers; the socket is closed with the server
		RawServer silent = raw((socket) -> readRequest(socket.getInputStream()));
		BlockingHttp http = new BlockingHttp(CONNECT, Duration.ofMillis(300));

		assertThatThrownBy(() -> http.send("POST", silent.uri(), new byte[] { 1 }, "application/json"))
			.isInstanceOf(HttpTimeoutException.class)
			.isNotInstanceOf(HttpConnectTimeoutException.class);
	}

	@Test
	void aConnectionDroppedAfterAPostIsAFailureWithoutAnAnswerAndIsNotSentAgain() throws Exception {
		RawServer dropping = raw((socket) -> {
			readRequest(socket.getInputStream());
			socket.close();
		});
		BlockingHttp http = new BlockingHttp(CONNECT, Duration.ofSeconds(5));

		assertThatThrownBy(() -> http.send("POST", dropping.uri(), new byte[] { 1 }, "application/json"))
			.isInstanceOf(IOException.class)
			.isNotInstanceOf(ConnectException.class)
			.isNotInstanceOf(HttpTimeoutException.class);
		// the caller decides about retries: a create must not be sent twice behind its
		// back
		assertThat(dropping.requests.get()).isEqualTo(1);
	}

	@Test
	void talksTlsToAServerItsContextTrustsAndRefusesOneItDoesNot(@TempDir Path dir) throws Exception {
		char[] password = "changeit".toCharArray();
		Path keyStore = dir.resolve("server.p12");
		Process keytool = new ProcessBuilder(keytool(), "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize",
				"2048", "-validity", "2", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
				"-keystore", keyStore.toString(), "-storepass", new String(password))
			.redirectErrorStream(true)
			.start();
		byte[] output = keytool.getInputStream().readAllBytes();
		assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(keytool.exitValue()).as(new String(output, StandardCharsets.UTF_8)).isZero();
		KeyStore keys = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(keyStore)) {
			keys.load(in, password);
		}
		KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keyManagers.init(keys, password);
		SSLContext serverTls = SSLContext.getInstance("TLS");
		serverTls.init(keyManagers.getKeyManagers(), null, null);
		HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
		server.createContext("/", (exchange) -> answer(exchange, 200, "{\"secure\":true}"));
		server.start();
		this.closing.add(() -> server.stop(0));
		URI uri = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/t");
		TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trust.init(keys);
		SSLContext clientTls = SSLContext.getInstance("TLS");
		clientTls.init(null, trust.getTrustManagers(), null);
		BlockingHttp trusting = new BlockingHttp(CONNECT, Duration.ofSeconds(10), clientTls);

		for (int i = 0; i < 2; i++) {
			BlockingHttp.Response response = trusting.get(uri);
			assertThat(response.status()).isEqualTo(200);
			assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("{\"secure\":true}");
		}
		assertThatThrownBy(() -> new BlockingHttp(CONNECT, Duration.ofSeconds(10)).get(uri))
			.isInstanceOf(IOException.class)
			.isNotInstanceOf(ConnectException.class);
	}

	private HttpServer server(com.sun.net.httpserver.HttpHandler handler) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/", handler);
		server.start();
		this.closing.add(() -> server.stop(0));
		return server;
	}

	private static URI uri(HttpServer server, String path) {
		return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
	}

	private static void answer(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private static String keytool() {
		Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
		return java.resolveSibling("keytool").toString();
	}

	/** Reads a request's head and as much of its body as has arrived. */
	private static void readRequest(InputStream in) throws IOException {
		StringBuilder head = new StringBuilder();
		while (head.indexOf("\r\n\r\n") < 0) {
			int b = in.read();
			if (b < 0) {
				return;
			}
			head.append((char) b);
		}
		int length = 0;
		for (String line : head.toString().split("\r\n")) {
			if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
				length = Integer.parseInt(line.substring("content-length:".length()).trim());
			}
		}
		in.readNBytes(length);
	}

	private RawServer raw(SocketHandler handler) throws IOException {
		RawServer server = new RawServer(handler);
		this.closing.add(server);
		return server;
	}

	@FunctionalInterface
	private interface SocketHandler {

		void handle(Socket socket) throws IOException;

	}

	/** A server socket that counts the requests it reads and does what the test says. */
	private static final class RawServer implements AutoCloseable {

		private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());

		private final AtomicInteger requests = new AtomicInteger();

		private final List<Socket> accepted = new CopyOnWriteArrayList<>();

		private final CountDownLatch stopped = new CountDownLatch(1);

		RawServer(SocketHandler handler) throws IOException {
			Thread thread = new Thread(() -> {
				try {
					while (!this.socket.isClosed()) {
						Socket client = this.socket.accept();
						this.accepted.add(client);
						this.requests.incrementAndGet();
						handler.handle(client);
					}
				}
				catch (IOException ex) {
					// closed
				}
				finally {
					this.stopped.countDown();
				}
			}, "raw-server");
			thread.setDaemon(true);
			thread.start();
		}

		URI uri() {
			return URI.create("http://127.0.0.1:" + this.socket.getLocalPort() + "/t");
		}

		@Override
		public void close() throws Exception {
			this.socket.close();
			for (Socket client : this.accepted) {
				client.close();
			}
			this.stopped.await(5, TimeUnit.SECONDS);
		}

	}

}
