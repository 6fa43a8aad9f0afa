package io.emabridge.testsupport;

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
 * Runs the WHMCS module's PHPUnit tests from the Java build, so one command runs every
 * test. Where PHP is not installed the PHP tests are skipped, unless
 * {@code EMA_REQUIRE_PHP=true} (as in CI) makes that a failure.
 */
public final class PhpUnit {

	private PhpUnit() {
	}

	/** Skips the calling test when PHP or PHPUnit is missing and not required. */
	public static void assumeInstalled() {
		boolean installed = onPath("php") && onPath("phpunit");
		if (!installed && Boolean.parseBoolean(System.getenv("EMA_REQUIRE_PHP"))) {
			throw new AssertionError("php and phpunit are required (EMA_REQUIRE_PHP=true) but not installed");
		}
		Assumptions.assumeTrue(installed, "php and phpunit are not installed: the WHMCS module's tests are skipped");
	}

	/**
	 * Runs phpunit in {@code moduleRoot} (the folder of the module's {@code phpunit.xml})
	 * with the given arguments and environment; returns its exit code and output.
	 */
	public static Result run(Path moduleRoot, List<String> arguments, Map<String, String> environment)
			throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("phpunit", "--colors=never"));
		command.addAll(arguments);
		// output to a file, so that a hung run is cut off by the timeout rather than
		// blocking on its pipe
		Path log = Files.createTempFile("phpunit-", ".log");
		ProcessBuilder builder = new ProcessBuilder(command).directory(moduleRoot.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().putAll(environment);
		Process process = builder.start();
		boolean finished = process.waitFor(5, TimeUnit.MINUTES);
		if (!finished) {
			process.destroyForcibly();
		}
		String output = Files.readString(log, StandardCharsets.UTF_8);
		Files.deleteIfExists(log);
		if (!finished) {
			throw new AssertionError("phpunit did not finish within 5 minutes:\n" + output);
		}
		System.out.println(output);
		return new Result(process.exitValue(), output);
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

	/** What a phpunit run came to. */
	public record Result(int exitCode, String output) {
	}

}
