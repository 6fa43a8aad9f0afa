package io.emabridge.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ServiceProcessTests {

	private static Path jar;

	@TempDir
	Path logs;

	/**
	 * An executable jar whose main class is {@link HealthyService}, from this module's
	 * test classes: a service as the launcher sees one, without building a real one.
	 */
	@BeforeAll
	static void buildJar() throws IOException {
		Path classes = Path.of(HealthyService.class.getProtectionDomain().getCodeSource().getLocation().getPath());
		Path directory = Files.createDirectories(Path.of("target", "service-process-tests"));
		jar = directory.resolve("healthy-service.jar");
		Manifest manifest = new Manifest();
		manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
		manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, HealthyService.class.getName());
		manifest.getMainAttributes()
			.put(Attributes.Name.CLASS_PATH, directory.toAbsolutePath().relativize(classes.toAbsolutePath()) + "/");
		try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
			out.flush();
		}
	}

	@Test
	void startsAServiceFromItsJarAndStopsIt() throws IOException {
		int port = FreePorts.pick();
		try (ServiceProcess service = ServiceProcess.start("healthy", port, jar, List.of("-Xmx32m"),
				List.of("--greeting=hello"), this.logs)) {
			Duration started = service.awaitHealthy(Duration.ofMinutes(1), Duration.ofMillis(20));

			assertThat(started).isPositive();
			assertThat(service.url()).isEqualTo("http://127.0.0.1:" + port);
			assertThat(service.isAlive()).isTrue();
			assertThat(service.cpu().isNegative()).isFalse();
			service.close();
			assertThat(service.isAlive()).isFalse();
		}
		assertThat(Files.readString(this.logs.resolve("healthy.log"))).contains("--greeting=hello");
	}

	@Test
	void startsAnApplicationFromAClassPath() {
		int port = FreePorts.pick();
		try (ServiceProcess service = ServiceProcess.startMain("on-class-path", port, HealthyService.class.getName(),
				System.getProperty("java.class.path"), List.of("-Xmx32m"), List.of(), this.logs)) {
			assertThat(service.awaitHealthy(Duration.ofMinutes(1))).isPositive();
			service.kill();
			assertThat(service.isAlive()).isFalse();
		}
	}

	@Test
	void aServiceThatExitsAtStartUpFailsTheWaitAtOnceNamingItsLog() {
		try (ServiceProcess service = ServiceProcess.start("broken", FreePorts.pick(), jar, List.of(),
				List.of("--fail"), this.logs)) {
			assertThatIllegalStateException().isThrownBy(() -> service.awaitHealthy(Duration.ofMinutes(5)))
				.withMessageContaining("broken exited at start-up")
				.withMessageContaining("broken.log");
		}
	}

	@Test
	void aJarThatIsNotThereIsNotHealthy() {
		try (ServiceProcess service = ServiceProcess.start("missing", FreePorts.pick(),
				this.logs.resolve("missing.jar"), List.of(), List.of(), this.logs)) {
			assertThatIllegalStateException().isThrownBy(() -> service.awaitHealthy(Duration.ofMinutes(5)))
				.withMessageContaining("exited at start-up");
		}
	}

	/** Answers 200 on /actuator/health on its --server.port, or exits with --fail. */
	public static final class HealthyService {

		public static void main(String[] arguments) throws IOException {
			System.out.println("arguments: " + String.join(" ", arguments));
			int port = 0;
			for (String argument : arguments) {
				if (argument.equals("--fail")) {
					System.exit(3);
				}
				if (argument.startsWith("--server.port=")) {
					port = Integer.parseInt(argument.substring("--server.port=".length()));
				}
			}
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
			server.createContext("/actuator/health", (exchange) -> {
				byte[] body = "{\"status\":\"UP\"}".getBytes();
				exchange.sendResponseHeaders(200, body.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			});
			server.start();
		}

	}

}
