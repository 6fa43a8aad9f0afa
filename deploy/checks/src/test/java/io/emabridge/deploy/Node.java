package io.emabridge.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs Node.js programs (the Kubernetes schema check, the lint of the interface
 * descriptions). Where node and npm are not installed those checks are skipped, unless
 * {@code EMA_REQUIRE_NODE=true} (as in CI) makes that a failure.
 */
final class Node {

	private Node() {
	}

	/**
	 * Skips the calling test when node or npm is missing.
	 * @param check what is skipped then, for the message
	 */
	static void assumeInstalled(String check) {
		boolean installed = onPath("node") && onPath("npm");
		if (!installed && Boolean.parseBoolean(System.getenv("EMA_REQUIRE_NODE"))) {
			throw new AssertionError("node and npm are required (EMA_REQUIRE_NODE=true) but not installed");
		}
		Assumptions.assumeTrue(installed, "node and npm are not installed: " + check + " is skipped");
	}

	/**
	 * Installs a directory's packages exactly as its lock file says ({@code npm ci}),
	 * unless they are installed already from the lock file as it is now.
	 */
	static void install(Path directory) {
		Path installed = directory.resolve("node_modules").resolve(".package-lock.json");
		try {
			if (Files.isRegularFile(installed) && Files.getLastModifiedTime(installed)
				.compareTo(Files.getLastModifiedTime(directory.resolve("package-lock.json"))) >= 0) {
				return;
			}
		}
		catch (IOException ex) {
			// not installed, or not readable: install
		}
		Result install = run(List.of("npm", "ci", "--no-audit", "--no-fund"), directory);
		assertThat(install.exitCode()).as(install.output()).isZero();
	}

	/** Runs a command in a directory; returns its exit code and everything it printed. */
	static Result run(List<String> command, Path directory) {
		return run(command, directory, Map.of());
	}

	/**
	 * Runs a command in a directory with these environment variables besides the
	 * inherited ones; returns its exit code and everything it printed.
	 */
	static Result run(List<String> command, Path directory, Map<String, String> environment) {
		try {
			ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
				.redirectErrorStream(true);
			builder.environment().putAll(environment);
			Process process = builder.start();
			process.getOutputStream().close();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(5, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				throw new AssertionError(command + " did not finish within 5 minutes:\n" + output);
			}
			return new Result(process.exitValue(), output);
		}
		catch (IOException ex) {
			throw new AssertionError(command + " could not be run: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted while running " + command, ex);
		}
	}

	static boolean onPath(String program) {
		for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			if (Files.isExecutable(Path.of(dir, program))) {
				return true;
			}
		}
		return false;
	}

	record Result(int exitCode, String output) {
	}

}
