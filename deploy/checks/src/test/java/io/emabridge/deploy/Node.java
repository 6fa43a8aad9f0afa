package io.emabridge.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Runs Node.js programs (the Kubernetes schema check). Where node and npm are not
 * installed the check is skipped, unless {@code EMA_REQUIRE_NODE=true} (as in CI) makes
 * that a failure.
 */
final class Node {

	private Node() {
	}

	static void assumeInstalled() {
		boolean installed = onPath("node") && onPath("npm");
		if (!installed && Boolean.parseBoolean(System.getenv("EMA_REQUIRE_NODE"))) {
			throw new AssertionError("node and npm are required (EMA_REQUIRE_NODE=true) but not installed");
		}
		Assumptions.assumeTrue(installed, "node and npm are not installed: the Kubernetes schema check is skipped");
	}

	/** Runs a command in a directory; returns its exit code and everything it printed. */
	static Result run(List<String> command, Path directory) {
		try {
			Process process = new ProcessBuilder(command).directory(directory.toFile())
				.redirectErrorStream(true)
				.start();
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
