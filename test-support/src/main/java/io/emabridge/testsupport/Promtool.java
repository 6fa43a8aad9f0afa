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
 * Runs Prometheus' {@code promtool} from tests: on a service's scrape
 * ({@code check metrics}) and on the shipped configuration and alert rules. Where
 * promtool is not installed these checks are skipped, unless
 * {@code EMA_REQUIRE_PROMTOOL=true} (as in CI) makes that a failure.
 */
public final class Promtool {

	private static final String OURS = "ema_";

	private Promtool() {
	}

	/** Skips the calling test when promtool is missing and not required. */
	public static void assumeInstalled() {
		boolean installed = onPath("promtool");
		if (!installed && Boolean.parseBoolean(System.getenv("EMA_REQUIRE_PROMTOOL"))) {
			throw new AssertionError("promtool is required (EMA_REQUIRE_PROMTOOL=true) but not installed");
		}
		Assumptions.assumeTrue(installed, "promtool is not installed: the Prometheus checks are skipped");
	}

	/**
	 * For checks inside a larger test that must not be skipped as a whole: true when
	 * promtool is installed, an error when it is required but missing, false otherwise.
	 */
	public static boolean isInstalledOrRequired() {
		boolean installed = onPath("promtool");
		if (!installed && Boolean.parseBoolean(System.getenv("EMA_REQUIRE_PROMTOOL"))) {
			throw new AssertionError("promtool is required (EMA_REQUIRE_PROMTOOL=true) but not installed");
		}
		return installed;
	}

	/** {@code promtool check metrics} on a scrape in the text exposition format. */
	public static Result checkMetrics(String scrape) {
		return run(List.of("check", "metrics"), scrape, null);
	}

	/**
	 * {@code promtool check metrics} on our own metric families ({@code ema_*}) of a
	 * scrape. Library meters (JVM, process, Kafka client) keep the names Micrometer gives
	 * them, which community dashboards query, even where promtool would name them
	 * otherwise ({@code kafka_producer_io_time_ns_total}); they are not ours to lint.
	 */
	public static Result checkOurMetrics(String scrape) {
		return checkMetrics(ours(scrape));
	}

	/**
	 * The lines of a scrape about {@code ema_*} families: their samples, and their HELP,
	 * TYPE and UNIT comments.
	 */
	static String ours(String scrape) {
		StringBuilder ours = new StringBuilder();
		for (String line : scrape.split("\n")) {
			String name = line.startsWith("# ") ? familyOfComment(line) : line;
			if (name.startsWith(OURS)) {
				ours.append(line).append('\n');
			}
		}
		return ours.toString();
	}

	private static String familyOfComment(String line) {
		String[] words = line.split(" ", 4);
		return (words.length >= 3) ? words[2] : "";
	}

	/** Runs promtool with the given arguments in the given directory. */
	public static Result run(List<String> arguments, Path directory) {
		return run(arguments, null, directory);
	}

	private static Result run(List<String> arguments, String input, Path directory) {
		List<String> command = new ArrayList<>();
		command.add("promtool");
		command.addAll(arguments);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		if (directory != null) {
			builder.directory(directory.toFile());
		}
		try {
			Process process = builder.start();
			if (input != null) {
				try (var stdin = process.getOutputStream()) {
					stdin.write(input.getBytes(StandardCharsets.UTF_8));
				}
			}
			else {
				process.getOutputStream().close();
			}
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(2, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				throw new AssertionError("promtool did not finish within 2 minutes:\n" + output);
			}
			return new Result(process.exitValue(), output);
		}
		catch (IOException ex) {
			throw new AssertionError("promtool could not be run: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted while promtool ran", ex);
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

	/** promtool's exit code and everything it printed. */
	public record Result(int exitCode, String output) {

		public boolean passed() {
			return this.exitCode == 0;
		}
	}

}
