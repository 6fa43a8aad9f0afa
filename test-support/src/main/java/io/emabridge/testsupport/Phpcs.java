package io.emabridge.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Runs PHP_CodeSniffer's {@code phpcs} from the Java build, so that {@code ./mvnw verify}
 * checks the WHMCS module's coding standard (PSR-12) like it checks the Java style. Where
 * phpcs is not installed the check is skipped, unless {@code EMA_REQUIRE_PHPCS=true} (as
 * in CI) makes that a failure.
 */
public final class Phpcs {

	private Phpcs() {
	}

	/** Skips the calling test when phpcs is missing and not required. */
	public static void assumeInstalled() {
		boolean installed = onPath("phpcs");
		if (!installed && Boolean.parseBoolean(System.getenv("EMA_REQUIRE_PHPCS"))) {
			throw new AssertionError("phpcs is required (EMA_REQUIRE_PHPCS=true) but not installed");
		}
		Assumptions.assumeTrue(installed,
				"phpcs (PHP_CodeSniffer) is not installed: the PSR-12 check of the WHMCS module is skipped");
	}

	/** Runs phpcs with the given arguments in the given directory. */
	public static Result run(List<String> arguments, Path directory) {
		List<String> command = new ArrayList<>(List.of("phpcs", "--no-colors"));
		command.addAll(arguments);
		ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
		try {
			Process process = builder.start();
			process.getOutputStream().close();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(2, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				throw new AssertionError("phpcs did not finish within 2 minutes:\n" + output);
			}
			return new Result(process.exitValue(), output);
		}
		catch (IOException ex) {
			throw new AssertionError("phpcs could not be run: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted while phpcs ran", ex);
		}
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

	/** phpcs's exit code and everything it printed. */
	public record Result(int exitCode, String output) {

		public boolean passed() {
			return this.exitCode == 0;
		}
	}

}
