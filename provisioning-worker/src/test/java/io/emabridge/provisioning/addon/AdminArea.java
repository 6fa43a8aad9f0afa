package io.emabridge.provisioning.addon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * WHMCS's admin area around the addon, as far as the browser test needs it: the
 * repository's router script ({@code whmcs/tests/browser/admin-router.php}) under PHP's
 * built-in server, with the addon's settings and an SQLite file as WHMCS's database.
 */
final class AdminArea implements AutoCloseable {

	private static final Path ROUTER = Path.of("..", "whmcs-publisher", "whmcs", "tests", "browser",
			"admin-router.php");

	private final Process process;

	private final int port;

	private AdminArea(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	/**
	 * @param dir the working folder: WHMCS's database ({@code whmcs.sqlite}) and the
	 * server's log
	 * @param workerUrl the addon's setting "Provisioning worker admin URL"
	 * @param adminToken the addon's setting "Admin token" (stays on the server side)
	 */
	static AdminArea start(Path dir, String workerUrl, String adminToken) {
		int port = freePort();
		ProcessBuilder builder = new ProcessBuilder("php", "-S", "127.0.0.1:" + port,
				ROUTER.toAbsolutePath().normalize().toString())
			.directory(dir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(dir.resolve("php-server.log").toFile());
		builder.environment()
			.putAll(Map.of("EMA_WHMCS_SQLITE", dir.resolve("whmcs.sqlite").toString(), "EMA_ADDON_WORKER_URL",
					workerUrl, "EMA_ADDON_ADMIN_TOKEN", adminToken, "EMA_ADDON_USAGE_URL", ""));
		try {
			AdminArea area = new AdminArea(builder.start(), port);
			await().atMost(Duration.ofSeconds(10)).until(area::listening);
			return area;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String url(String page) {
		return "http://127.0.0.1:" + this.port + "/admin/" + page;
	}

	private boolean listening() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Override
	public void close() {
		this.process.destroy();
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
