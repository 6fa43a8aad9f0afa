package io.emabridge.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The repository's deployment files, and the meter names the services' code registers.
 */
final class DeployFiles {

	/** The {@code deploy/} directory: tests run in {@code deploy/checks}. */
	static final Path DEPLOY = Path.of("..").toAbsolutePath().normalize();

	static final Path REPOSITORY = DEPLOY.getParent();

	private static final Pattern OUR_METRIC = Pattern.compile("\\bema_[a-z_]+");

	private static final Pattern SUFFIX = Pattern
		.compile("_(total|seconds_bucket|seconds_count|seconds_sum|seconds_max|seconds|bytes)$");

	private DeployFiles() {
	}

	static String read(Path path) {
		try {
			return Files.readString(path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Our own metric names ({@code ema_*}) that a PromQL text uses. */
	static Set<String> ourMetrics(String promql) {
		Set<String> names = new TreeSet<>();
		Matcher matcher = OUR_METRIC.matcher(promql);
		while (matcher.find()) {
			names.add(matcher.group());
		}
		return names;
	}

	/**
	 * Whether a Prometheus name ({@code ema_events_total}) is registered by the main code
	 * of some module: Micrometer names are dotted ({@code ema.events}) and Prometheus
	 * adds the unit and type suffixes.
	 */
	static boolean registeredInCode(String prometheusName) {
		// with the unit and type suffixes Prometheus adds, or with a unit that is part of
		// the name itself
		List<String> literals = Stream.of(SUFFIX.matcher(prometheusName).replaceFirst(""), prometheusName)
			.map((name) -> "\"" + name.replace('_', '.') + "\"")
			.toList();
		try (Stream<Path> files = Files.walk(REPOSITORY)) {
			return files.filter((path) -> path.toString().endsWith(".java"))
				.filter((path) -> path.toString().contains("/src/main/java/"))
				.map(DeployFiles::read)
				.anyMatch((code) -> literals.stream().anyMatch(code::contains));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
