package io.emabridge.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the module-calls script of the WHMCS module's bench folder with the PHP command
 * line.
 */
final class Php {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Path script;

	Php(Path checkout) {
		this.script = checkout.resolve("whmcs-publisher/whmcs/bench/module-calls.php");
	}

	static boolean available() {
		try {
			Process process = new ProcessBuilder("php", "-r", "exit(function_exists('curl_init') ? 0 : 3);")
				.redirectErrorStream(true)
				.start();
			return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** One run of the script; its JSON answer. */
	JsonNode run(String mode, int count, String gatewayUrl, String archiveUrl, long firstServiceId, double perSecond) {
		List<String> command = new ArrayList<>(
				List.of("php", this.script.toString(), mode, Integer.toString(count), gatewayUrl,
						Context.GATEWAY_SECRET, archiveUrl, Context.ARCHIVE_API_KEY, Long.toString(firstServiceId)));
		if (perSecond > 0) {
			command.add(Double.toString(perSecond));
		}
		try {
			Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
			String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
				throw new IllegalStateException("php " + mode + " failed: " + out);
			}
			JsonNode result = JSON.readTree(out);
			if (result.get("failed").asInt() > 0) {
				throw new IllegalStateException("php " + mode + ": " + result.get("failed").asInt()
						+ " module calls failed, e.g. " + result.get("firstFailures"));
			}
			return result;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
