package io.emabridge.publisher.module;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Runs the WHMCS module's PHPUnit suite from the Java build, so one command runs every test. Where PHP is not
 * installed the PHP tests are skipped, unless {@code EMA_REQUIRE_PHP=true} (as in CI) makes that a failure.
 */
final class PhpUnit {

	static final Path MODULE_ROOT = Path.of("whmcs");

	private PhpUnit() {
	}

	/** Skips the calling test when PHP or PHPUnit is missing and not required. */
	static void assumeInstalled() {
		boolean installed = onPath("php") && onPath("phpunit");
		if (!installed && Boolean.parseBoolean(System.getenv("EMA_REQUIRE_PHP"))) {
			throw new AssertionError("php and phpunit are required (EMA_REQUIRE_PHP=true) but not installed");
		}
		Assumptions.assumeTrue(installed, "php and phpunit are not installed: the WHMCS module's tests are skipped");
	}

	/** Runs phpunit with the given arguments and environment; returns its exit code and output. */
	static Result run(List<String> arguments, Map<String, String> environment) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("phpunit", "--colors=never"));
		command.addAll(arguments);
		ProcessBuilder builder = new ProcessBuilder(command).directory(MODULE_ROOT.toFile()).redirectErrorStream(true);
		builder.environment().putAll(environment);
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(5, TimeUnit.MINUTES)) {
			process.destroyForcibly();
			throw new AssertionError("phpunit did not finish within 5 minutes:\n" + output);
		}
		System.out.println(output);
		return new Result(process.exitValue(), output);
	}

	record Result(int exitCode, String output) {
	}

	private static boolean onPath(String program) {
		String path = System.getenv().getOrDefault("PATH", "");
		for (String dir : path.split(File.pathSeparator)) {
			if (Files.isExecutable(Path.of(dir, program))) {
				return true;
			}
		}
		return false;
	}
}
