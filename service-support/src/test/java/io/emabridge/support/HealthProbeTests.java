package io.emabridge.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HealthProbeTests {

	private HttpServer server;

	private volatile int status = 200;

	@BeforeEach
	void start() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/actuator/health/readiness", (exchange) -> {
			exchange.sendResponseHeaders(this.status, -1);
			exchange.close();
		});
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.server.stop(0);
	}

	@Test
	void healthyWhenReadinessAnswers200() {
		assertThat(HealthProbe.isHealthy(readiness())).isTrue();
	}

	@Test
	void unhealthyWhenReadinessAnswers503() {
		this.status = 503;

		assertThat(HealthProbe.isHealthy(readiness())).isFalse();
	}

	@Test
	void unhealthyWhenNothingListens() {
		int port = this.server.getAddress().getPort();
		this.server.stop(0);

		assertThat(HealthProbe.isHealthy(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness")))
			.isFalse();
	}

	private URI readiness() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/actuator/health/readiness");
	}

}
